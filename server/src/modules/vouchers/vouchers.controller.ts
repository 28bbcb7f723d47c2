import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  BulkAssignResultDto,
  EntitlementDto,
  EntitlementHolderDto,
  InstitutionExamPriceDto,
  InvoiceDto,
  PageDto,
  PriceListDto,
  QuoteDto,
  RetailQuoteDto,
  RetakePolicyDto,
  UtilisationReportDto,
  VoucherDto,
  VoucherOrderDto,
} from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { ClientIp, CurrentActor } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { IdempotencyKey } from '../../core/http/idempotency-key';
import { uuidParam } from '../../core/http/uuid-param';
import {
  AssignVoucherDto,
  BulkAssignDto,
  EntitlementHolderQueryDto,
  InstitutionExamPriceDtoBody,
  InvoiceQueryDto,
  PriceListQueryDto,
  RedeemVoucherDto,
  RetailOrderDto,
  RetakePolicyDtoBody,
  UpsertPriceListDto,
  ReinstateVoucherDto,
  VoidVoucherDto,
  VoucherListQueryDto,
  VoucherOrderDtoBody,
} from './dto/voucher-requests.dto';
import { PricingService } from './pricing.service';
import { VoucherOrdersService } from './voucher-orders.service';
import { VouchersService } from './vouchers.service';

const IDEMPOTENCY = ApiHeader({
  name: 'Idempotency-Key',
  required: true,
  description: 'a unique key per purchase; retries reuse it',
});

@ApiTags('vouchers')
@ApiBearerAuth()
@Controller()
export class VouchersController {
  constructor(
    private readonly pricing: PricingService,
    private readonly orders: VoucherOrdersService,
    private readonly vouchers: VouchersService,
  ) {}

  // --- prices ---------------------------------------------------------------------------

  @Get('price-lists')
  @ApiOperation({ summary: 'Voucher price lists: retail price and wholesale tiers per exam' })
  @ApiProblems(400, 401)
  priceLists(@Query() query: PriceListQueryDto): Promise<PriceListDto[]> {
    return this.pricing.list(query.certificationBodyId);
  }

  @Put('exams/:examId/price-list')
  @ApiOperation({ summary: "Set an exam's price list (platform operator)" })
  @ApiProblems(400, 401, 403, 404)
  setPriceList(
    @CurrentActor() actor: Actor,
    @Param('examId', uuidParam('examId')) examId: string,
    @Body() body: UpsertPriceListDto,
  ): Promise<PriceListDto> {
    return this.pricing.upsert(actor, examId, body);
  }

  @Get('institutions/:institutionId/exam-prices')
  @ApiOperation({ summary: "The institution's own prices to its learners (members)" })
  @ApiProblems(400, 401, 403, 404)
  institutionPrices(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
  ): Promise<InstitutionExamPriceDto[]> {
    return this.pricing.institutionPrices(actor, institutionId);
  }

  @Put('institutions/:institutionId/exam-prices/:examId')
  @ApiOperation({ summary: 'Set what the institution charges its learners for an exam (institution admin)' })
  @ApiProblems(400, 401, 403, 404)
  setInstitutionPrice(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
    @Param('examId', uuidParam('examId')) examId: string,
    @Body() body: InstitutionExamPriceDtoBody,
  ): Promise<InstitutionExamPriceDto[]> {
    return this.pricing.setInstitutionPrice(actor, institutionId, examId, body.priceMinor, body.currency);
  }

  @Delete('institutions/:institutionId/exam-prices/:examId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop charging learners for an exam (institution admin)' })
  @ApiProblems(400, 401, 403, 404)
  async removeInstitutionPrice(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
    @Param('examId', uuidParam('examId')) examId: string,
  ): Promise<void> {
    await this.pricing.removeInstitutionPrice(actor, institutionId, examId);
  }

  @Get('certification-bodies/:bodyId/retake-policy')
  @ApiOperation({ summary: "A certification body's retake policy" })
  @ApiProblems(400, 401, 404)
  retakePolicy(@Param('bodyId', uuidParam('bodyId')) bodyId: string): Promise<RetakePolicyDto> {
    return this.pricing.retakePolicy(bodyId);
  }

  @Put('certification-bodies/:bodyId/retake-policy')
  @ApiOperation({ summary: 'Set the retake policy (that body’s admins, operator)' })
  @ApiProblems(400, 401, 403, 404)
  setRetakePolicy(
    @CurrentActor() actor: Actor,
    @Param('bodyId', uuidParam('bodyId')) bodyId: string,
    @Body() body: RetakePolicyDtoBody,
  ): Promise<RetakePolicyDto> {
    return this.pricing.setRetakePolicy(actor, bodyId, {
      ...body,
      maxAttemptsPerYear: body.maxAttemptsPerYear ?? null,
    });
  }

  // --- buying ---------------------------------------------------------------------------

  @Post('institutions/:institutionId/voucher-quotes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Price a pack order at the wholesale tiers (institution admin)' })
  @ApiProblems(400, 401, 403, 404)
  quote(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
    @Body() body: VoucherOrderDtoBody,
  ): Promise<QuoteDto> {
    return this.orders.quote(actor, institutionId, body.items);
  }

  @Post('institutions/:institutionId/voucher-orders')
  @IDEMPOTENCY
  @ApiOperation({
    summary: 'Buy voucher packs; invoiced, vouchers issued at once (201, or 200 when replayed)',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  async order(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
    @Body() body: VoucherOrderDtoBody,
    @IdempotencyKey() key: string,
    @Res({ passthrough: true }) res: StatusReply,
  ): Promise<VoucherOrderDto> {
    const { order, replayed } = await this.orders.orderForInstitution(actor, institutionId, body.items, key);
    res.status(replayed ? 200 : 201);
    return order;
  }

  @Get('institutions/:institutionId/voucher-orders')
  @ApiOperation({ summary: "The institution's orders with invoices and packs (institution admin)" })
  @ApiProblems(400, 401, 403, 404)
  institutionOrders(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
  ): Promise<VoucherOrderDto[]> {
    return this.orders.listForInstitution(actor, institutionId);
  }

  @Post('me/voucher-quotes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Price one retail voucher, and with the proctoring fee of each public centre' })
  @ApiProblems(400, 401)
  retailQuote(@CurrentActor() actor: Actor, @Body() body: RetailOrderDto): Promise<RetailQuoteDto> {
    return this.orders.quoteRetail(actor, body.examId);
  }

  @Post('me/voucher-orders')
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Buy one retail voucher; issued when the invoice is settled' })
  @ApiProblems(400, 401, 409)
  async retailOrder(
    @CurrentActor() actor: Actor,
    @Body() body: RetailOrderDto,
    @IdempotencyKey() key: string,
    @Res({ passthrough: true }) res: StatusReply,
  ): Promise<VoucherOrderDto> {
    const { order, replayed } = await this.orders.orderRetail(actor, body.examId, key);
    res.status(replayed ? 200 : 201);
    return order;
  }

  @Get('me/voucher-orders')
  @ApiOperation({ summary: 'My own retail orders' })
  @ApiProblems(401)
  myOrders(@CurrentActor() actor: Actor): Promise<VoucherOrderDto[]> {
    return this.orders.listMine(actor);
  }

  @Get('me/proctoring-fees')
  @ApiOperation({ summary: 'My proctoring fee invoices, with refunds due and made' })
  @ApiProblems(401)
  myFees(@CurrentActor() actor: Actor): Promise<InvoiceDto[]> {
    return this.orders.myFees(actor);
  }

  @Get('invoices')
  @ApiOperation({ summary: 'Invoices to settle (platform operator)' })
  @ApiProblems(400, 401, 403)
  invoices(@CurrentActor() actor: Actor, @Query() query: InvoiceQueryDto): Promise<InvoiceDto[]> {
    return this.orders.invoices(actor, query.status);
  }

  @Post('invoices/:invoiceId/refund')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that a proctoring fee due for a refund was refunded (platform operator)' })
  @ApiProblems(400, 401, 403, 404, 409)
  refund(
    @CurrentActor() actor: Actor,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
  ): Promise<InvoiceDto> {
    return this.orders.refund(actor, invoiceId);
  }

  @Post('invoices/:invoiceId/settle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that an invoice was paid (platform operator)' })
  @ApiProblems(400, 401, 403, 404, 409)
  settle(
    @CurrentActor() actor: Actor,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
  ): Promise<InvoiceDto> {
    return this.orders.settle(actor, invoiceId);
  }

  // --- codes ----------------------------------------------------------------------------

  @Get('institutions/:institutionId/vouchers')
  @ApiOperation({ summary: "Search and filter the institution's voucher codes (institution admin)" })
  @ApiProblems(400, 401, 403, 404)
  list(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
    @Query() query: VoucherListQueryDto,
  ): Promise<PageDto<VoucherDto>> {
    const { limit, offset, ...filter } = query;
    return this.vouchers.list(actor, institutionId, filter, limit, offset);
  }

  @Get('institutions/:institutionId/entitlement-holders')
  @ApiOperation({
    summary:
      "The institution's candidates holding an unreserved entitlement for an exam: who can fill a seat (institution admin, instructor)",
  })
  @ApiProblems(400, 401, 403, 404)
  entitlementHolders(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
    @Query() query: EntitlementHolderQueryDto,
  ): Promise<EntitlementHolderDto[]> {
    return this.vouchers.entitlementHolders(actor, institutionId, query.examId);
  }

  @Get('institutions/:institutionId/vouchers.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="vouchers.csv"')
  @ApiOperation({ summary: 'Export the codes as CSV (institution admin)' })
  @ApiProblems(400, 401, 403, 404)
  exportCsv(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
    @Query() query: VoucherListQueryDto,
  ): Promise<string> {
    const { limit: _limit, offset: _offset, ...filter } = query;
    return this.vouchers.exportCsv(actor, institutionId, filter);
  }

  @Post('vouchers/:voucherId/void')
  @HttpCode(200)
  @ApiOperation({ summary: 'Void an unused voucher, with a reason (institution admin)' })
  @ApiProblems(400, 401, 403, 404, 409)
  void(
    @CurrentActor() actor: Actor,
    @Param('voucherId', uuidParam('voucherId')) voucherId: string,
    @Body() body: VoidVoucherDto,
  ): Promise<VoucherDto> {
    return this.vouchers.void(actor, voucherId, body.reason);
  }

  @Post('vouchers/:voucherId/reinstate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reinstate a consumed entitlement for another attempt: platform fault (operator) or centre fault (institution admin)',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  reinstate(
    @CurrentActor() actor: Actor,
    @Param('voucherId', uuidParam('voucherId')) voucherId: string,
    @Body() body: ReinstateVoucherDto,
  ): Promise<VoucherDto> {
    return this.vouchers.reinstate(actor, voucherId, body.fault, body.reason);
  }

  @Post('vouchers/:voucherId/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign a voucher to a candidate of the institution (institution admin)' })
  @ApiProblems(400, 401, 403, 404, 409)
  assign(
    @CurrentActor() actor: Actor,
    @Param('voucherId', uuidParam('voucherId')) voucherId: string,
    @Body() body: AssignVoucherDto,
  ): Promise<VoucherDto> {
    return this.vouchers.assign(actor, voucherId, body.candidateUserId);
  }

  @Post('vouchers/:voucherId/unassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take back an assigned, unredeemed voucher (institution admin)' })
  @ApiProblems(400, 401, 403, 404, 409)
  unassign(
    @CurrentActor() actor: Actor,
    @Param('voucherId', uuidParam('voucherId')) voucherId: string,
  ): Promise<VoucherDto> {
    return this.vouchers.unassign(actor, voucherId);
  }

  @Post('institutions/:institutionId/voucher-assignments')
  @ApiOperation({ summary: 'Assign vouchers of one exam to a CSV class roster (institution admin)' })
  @ApiProblems(400, 401, 403, 404, 409)
  bulkAssign(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
    @Body() body: BulkAssignDto,
  ): Promise<BulkAssignResultDto> {
    return this.vouchers.bulkAssign(actor, institutionId, body.examId, body.csv);
  }

  @Get('institutions/:institutionId/voucher-report')
  @ApiOperation({ summary: 'Pack utilisation with values (institution admin)' })
  @ApiProblems(400, 401, 403, 404)
  report(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
  ): Promise<UtilisationReportDto> {
    return this.vouchers.utilisation(actor, institutionId);
  }

  // --- candidates -----------------------------------------------------------------------

  @Post('vouchers/redeem')
  @HttpCode(200)
  @ApiOperation({ summary: 'Redeem a voucher code: it becomes an exam entitlement, exactly once' })
  @ApiProblems(400, 401, 404, 409, 429)
  redeem(
    @CurrentActor() actor: Actor,
    @Body() body: RedeemVoucherDto,
    @ClientIp() ip: string,
  ): Promise<EntitlementDto> {
    return this.vouchers.redeem(actor, body.code, ip);
  }

  @Post('vouchers/:voucherId/redeem')
  @HttpCode(200)
  @ApiOperation({ summary: 'Redeem a voucher assigned to me' })
  @ApiProblems(400, 401, 404, 409, 429)
  redeemAssigned(
    @CurrentActor() actor: Actor,
    @Param('voucherId', uuidParam('voucherId')) voucherId: string,
  ): Promise<EntitlementDto> {
    return this.vouchers.redeemAssigned(actor, voucherId);
  }

  @Get('me/entitlements')
  @ApiOperation({ summary: 'My vouchers and exam entitlements' })
  @ApiProblems(401)
  entitlements(@CurrentActor() actor: Actor): Promise<EntitlementDto[]> {
    return this.vouchers.entitlements(actor);
  }
}

/** The part of the HTTP server's reply a handler sets before Nest sends its answer. */
interface StatusReply {
  status(code: number): unknown;
}
