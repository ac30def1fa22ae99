/** The city shown in the header. The API has no endpoint for it yet; the demo city is the default. */
export const CITY_NAME = 'City of Alder Creek, CA';
