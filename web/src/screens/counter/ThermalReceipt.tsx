/**
 * A receipt as the 80 mm thermal printer prints it: the city, ORIGINAL / COPY / VOID, what was
 * paid (each account with its balance after), the tenders, the change. While it is on screen the
 * page prints at 80 mm wide (the @page rule below); everything else on the screen is no-print.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { Receipt } from '../../api/cashiering';
import { tenderLabels } from '../../api/cashiering';
import { CITY_NAME } from '../../app/city';
import { formatInstant, formatIsoDate } from '../../dates';
import { formatCents } from '../../money';
import './counter.css';

/**
 * Roll paper is as long as the receipt: `80mm auto` says so to printers that take it; Chromium
 * drops `auto` (not in CSS Paged Media), so the measured length of the receipt follows it.
 */
function thermalPage(lengthMm: number | null): string {
  const measured = lengthMm === null ? '' : ` size: 80mm ${lengthMm}mm;`;
  return `@media print { @page { size: 80mm auto;${measured} margin: 3mm 4mm; } }`;
}

const pxToMm = 25.4 / 96;

function tenderDetail(tender: Receipt['tenders'][number]): string {
  if (tender.type === 'check') return [tender.checkNumber && `#${tender.checkNumber}`, tender.bankName].filter(Boolean).join(' ');
  if (tender.type === 'card') return [tender.cardBrand, tender.cardLast4 && `…${tender.cardLast4}`, tender.authorizationCode && `auth ${tender.authorizationCode}`].filter(Boolean).join(' ');
  return '';
}

export function ThermalReceipt({ receipt, copyNumber }: { receipt: Receipt; copyNumber: number }) {
  const paper = useRef<HTMLDivElement>(null);
  const [lengthMm, setLengthMm] = useState<number | null>(null);
  useLayoutEffect(() => {
    const element = paper.current;
    if (!element || window.matchMedia('print').matches) return;
    // On screen the receipt has the paper's width and the print margins as padding.
    const measured = Math.ceil(element.offsetHeight * pxToMm) + 2;
    if (measured !== lengthMm) setLengthMm(measured);
  });
  const banner = receipt.status === 'voided' ? 'VOID' : receipt.status === 'returned' ? 'RETURNED' : copyNumber > 0 ? `COPY ${copyNumber}` : null;
  return (
    <div className="thermal-receipt" data-testid="receipt" aria-label={`Receipt ${receipt.receiptNumber}`} ref={paper}>
      <style>{thermalPage(lengthMm)}</style>
      <h3>{CITY_NAME}</h3>
      <div className="center">Official receipt</div>
      {banner && <div className="banner" data-testid="receipt-banner">{banner}</div>}
      <hr />
      <div className="row"><span>Receipt</span><span>{receipt.receiptNumber}</span></div>
      <div className="row"><span>Date</span><span>{formatIsoDate(receipt.businessDate)}</span></div>
      <div className="row"><span>Time</span><span>{formatInstant(receipt.createdAt)}</span></div>
      <div className="row"><span>Cashier</span><span>{receipt.cashier}</span></div>
      <div className="row"><span>{receipt.drawerCode ? 'Drawer / batch' : 'Batch'}</span><span>{[receipt.drawerCode, receipt.batchNumber].filter(Boolean).join(' / ')}</span></div>
      {(receipt.customer || receipt.payerName) && (
        <div className="row">
          <span>Paid by</span>
          <span>{receipt.customer ? `${receipt.customer.name} (${receipt.customer.customerNumber})` : receipt.payerName}</span>
        </div>
      )}
      <hr />
      {receipt.lines.map((line) => (
        <div key={line.lineNumber}>
          <div className="row">
            <span>{line.description}</span>
            <span>{formatCents(line.amountCents)}</span>
          </div>
          {line.accountNumber && (
            <div className="row muted">
              <span>{line.balanceBeforeCents !== null ? `owed ${formatCents(line.balanceBeforeCents)}` : ''}</span>
              <span>{line.balanceAfterCents !== null ? `balance ${formatCents(line.balanceAfterCents)}` : ''}</span>
            </div>
          )}
        </div>
      ))}
      <hr />
      <div className="row total"><span>TOTAL</span><span>${formatCents(receipt.totalCents)}</span></div>
      {receipt.tenders.map((tender) => (
        <div key={tender.lineNumber}>
          <div className="row"><span>{tenderLabels[tender.type] ?? tender.type}</span><span>{formatCents(tender.amountCents)}</span></div>
          {tenderDetail(tender) && <div className="muted">{tenderDetail(tender)}</div>}
        </div>
      ))}
      <div className="row total"><span>CHANGE</span><span>${formatCents(receipt.changeCents)}</span></div>
      {receipt.status === 'voided' && <div className="muted">Voided by {receipt.voidedBy}: {receipt.voidReason}</div>}
      <hr />
      <div className="center muted">Thank you. Keep this receipt for your records.</div>
    </div>
  );
}
