import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  BulkAssignRequest,
  BulkAssignResultDto,
  EntitlementDto,
  InstitutionExamPriceDto,
  InstitutionExamPriceRequest,
  InvoiceDto,
  InvoiceStatus,
  OrderItemRequest,
  PageDto,
  PriceListDto,
  QuoteDto,
  RetailQuoteDto,
  RetakePolicyDto,
  RetakePolicyRequest,
  UpsertPriceListRequest,
  UtilisationReportDto,
  VoucherDto,
  VoucherOrderDto,
  VoucherStatusName,
} from '@invigil/contracts';
import { Observable } from 'rxjs';
import { API_BASE, PageRequest, queryParams } from './api-base';

export interface VoucherFilter {
  status?: VoucherStatusName | null;
  examId?: string | null;
  packId?: string | null;
  /** the last four symbols of a code, or part of a candidate's email */
  q?: string | null;
}

const idempotent = (key: string): { headers: HttpHeaders } => ({
  headers: new HttpHeaders({ 'Idempotency-Key': key }),
});

@Injectable({ providedIn: 'root' })
export class VouchersApi {
  private readonly http = inject(HttpClient);

  // --- prices ---------------------------------------------------------------------------

  priceLists(certificationBodyId?: string | null): Observable<PriceListDto[]> {
    return this.http.get<PriceListDto[]>(`${API_BASE}/price-lists`, {
      params: queryParams({ certificationBodyId }),
    });
  }

  setPriceList(examId: string, body: UpsertPriceListRequest): Observable<PriceListDto> {
    return this.http.put<PriceListDto>(`${API_BASE}/exams/${examId}/price-list`, body);
  }

  institutionPrices(institutionId: string): Observable<InstitutionExamPriceDto[]> {
    return this.http.get<InstitutionExamPriceDto[]>(`${API_BASE}/institutions/${institutionId}/exam-prices`);
  }

  setInstitutionPrice(
    institutionId: string,
    examId: string,
    body: InstitutionExamPriceRequest,
  ): Observable<InstitutionExamPriceDto[]> {
    return this.http.put<InstitutionExamPriceDto[]>(
      `${API_BASE}/institutions/${institutionId}/exam-prices/${examId}`,
      body,
    );
  }

  removeInstitutionPrice(institutionId: string, examId: string): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/institutions/${institutionId}/exam-prices/${examId}`);
  }

  retakePolicy(bodyId: string): Observable<RetakePolicyDto> {
    return this.http.get<RetakePolicyDto>(`${API_BASE}/certification-bodies/${bodyId}/retake-policy`);
  }

  setRetakePolicy(bodyId: string, body: RetakePolicyRequest): Observable<RetakePolicyDto> {
    return this.http.put<RetakePolicyDto>(`${API_BASE}/certification-bodies/${bodyId}/retake-policy`, body);
  }

  // --- buying ---------------------------------------------------------------------------

  quote(institutionId: string, items: OrderItemRequest[]): Observable<QuoteDto> {
    return this.http.post<QuoteDto>(`${API_BASE}/institutions/${institutionId}/voucher-quotes`, { items });
  }

  /** `idempotencyKey` is the same for every retry of one purchase, so it is never bought twice. */
  order(
    institutionId: string,
    items: OrderItemRequest[],
    idempotencyKey: string,
  ): Observable<VoucherOrderDto> {
    return this.http.post<VoucherOrderDto>(
      `${API_BASE}/institutions/${institutionId}/voucher-orders`,
      { items },
      idempotent(idempotencyKey),
    );
  }

  orders(institutionId: string): Observable<VoucherOrderDto[]> {
    return this.http.get<VoucherOrderDto[]>(`${API_BASE}/institutions/${institutionId}/voucher-orders`);
  }

  /** One retail voucher, priced as the order invoices it, and with each public centre's proctoring fee. */
  quoteRetail(examId: string): Observable<RetailQuoteDto> {
    return this.http.post<RetailQuoteDto>(`${API_BASE}/me/voucher-quotes`, { examId });
  }

  orderRetail(examId: string, idempotencyKey: string): Observable<VoucherOrderDto> {
    return this.http.post<VoucherOrderDto>(
      `${API_BASE}/me/voucher-orders`,
      { examId },
      idempotent(idempotencyKey),
    );
  }

  myOrders(): Observable<VoucherOrderDto[]> {
    return this.http.get<VoucherOrderDto[]>(`${API_BASE}/me/voucher-orders`);
  }

  /** My proctoring fee invoices, refunds included. */
  myFees(): Observable<InvoiceDto[]> {
    return this.http.get<InvoiceDto[]>(`${API_BASE}/me/proctoring-fees`);
  }

  invoices(status?: InvoiceStatus | null): Observable<InvoiceDto[]> {
    return this.http.get<InvoiceDto[]>(`${API_BASE}/invoices`, { params: queryParams({ status }) });
  }

  settle(invoiceId: string): Observable<InvoiceDto> {
    return this.http.post<InvoiceDto>(`${API_BASE}/invoices/${invoiceId}/settle`, {});
  }

  /** Records the refund of a proctoring fee whose seat ended before the exam. */
  refund(invoiceId: string): Observable<InvoiceDto> {
    return this.http.post<InvoiceDto>(`${API_BASE}/invoices/${invoiceId}/refund`, {});
  }

  // --- codes ----------------------------------------------------------------------------

  vouchers(institutionId: string, query: VoucherFilter & PageRequest): Observable<PageDto<VoucherDto>> {
    return this.http.get<PageDto<VoucherDto>>(`${API_BASE}/institutions/${institutionId}/vouchers`, {
      params: queryParams({ ...query }),
    });
  }

  exportCsv(institutionId: string, filter: VoucherFilter): Observable<Blob> {
    return this.http.get(`${API_BASE}/institutions/${institutionId}/vouchers.csv`, {
      params: queryParams({ ...filter }),
      responseType: 'blob',
    });
  }

  void(voucherId: string, reason: string): Observable<VoucherDto> {
    return this.http.post<VoucherDto>(`${API_BASE}/vouchers/${voucherId}/void`, { reason });
  }

  assign(voucherId: string, candidateUserId: string): Observable<VoucherDto> {
    return this.http.post<VoucherDto>(`${API_BASE}/vouchers/${voucherId}/assign`, { candidateUserId });
  }

  reinstate(voucherId: string, fault: 'platform' | 'centre', reason: string): Observable<VoucherDto> {
    return this.http.post<VoucherDto>(`${API_BASE}/vouchers/${voucherId}/reinstate`, { fault, reason });
  }

  unassign(voucherId: string): Observable<VoucherDto> {
    return this.http.post<VoucherDto>(`${API_BASE}/vouchers/${voucherId}/unassign`, {});
  }

  bulkAssign(institutionId: string, body: BulkAssignRequest): Observable<BulkAssignResultDto> {
    return this.http.post<BulkAssignResultDto>(
      `${API_BASE}/institutions/${institutionId}/voucher-assignments`,
      body,
    );
  }

  report(institutionId: string): Observable<UtilisationReportDto> {
    return this.http.get<UtilisationReportDto>(`${API_BASE}/institutions/${institutionId}/voucher-report`);
  }

  // --- candidates -----------------------------------------------------------------------

  redeem(code: string): Observable<EntitlementDto> {
    return this.http.post<EntitlementDto>(`${API_BASE}/vouchers/redeem`, { code });
  }

  redeemAssigned(voucherId: string): Observable<EntitlementDto> {
    return this.http.post<EntitlementDto>(`${API_BASE}/vouchers/${voucherId}/redeem`, {});
  }

  entitlements(): Observable<EntitlementDto[]> {
    return this.http.get<EntitlementDto[]>(`${API_BASE}/me/entitlements`);
  }
}
