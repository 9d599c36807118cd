import { useI18n } from '../../shared/i18n/i18n';
import { BillingForm } from './billing-form';
import { ContactForm } from './contact-form';
import { PasswordForm } from './password-form';

export function ProfilePage() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('nav.profile')}</h1>
      <BillingForm />
      <ContactForm />
      <PasswordForm />
    </section>
  );
}
