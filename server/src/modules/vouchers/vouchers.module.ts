import { Module } from '@nestjs/common';
import { MailModule } from '../../core/mail/mail.module';
import { CodeVault } from './code-vault';
import { ExpireVouchersJob } from './jobs/expire-vouchers.job';
import { WarnExpiringVouchersJob } from './jobs/warn-expiring-vouchers.job';
import { OfflineInvoiceProvider, PAYMENT_PROVIDER } from './payment-provider';
import { PriceListsRepository } from './price-lists.repository';
import { ProctoringFees } from './proctoring-fees';
import { PricingService } from './pricing.service';
import { VoucherLedgerRepository } from './voucher-ledger.repository';
import { VoucherOrdersService } from './voucher-orders.service';
import { VouchersController } from './vouchers.controller';
import { RedemptionBatcher } from './redemption-batcher';
import { VouchersService } from './vouchers.service';

@Module({
  imports: [MailModule],
  controllers: [VouchersController],
  providers: [
    CodeVault,
    PriceListsRepository,
    VoucherLedgerRepository,
    PricingService,
    VoucherOrdersService,
    VouchersService,
    RedemptionBatcher,
    ProctoringFees,
    ExpireVouchersJob,
    WarnExpiringVouchersJob,
    { provide: PAYMENT_PROVIDER, useClass: OfflineInvoiceProvider },
  ],
  exports: [VouchersService, VoucherLedgerRepository, ProctoringFees],
})
export class VouchersModule {}
