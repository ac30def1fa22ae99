/** What every route plugin is given: the database and the clock (routes read "today" from it). */
import type { Clock } from '../shared/dates.js';
import type { Database } from '../shared/db.js';

export interface RouteContext {
  database: Database;
  clock: Clock;
}
