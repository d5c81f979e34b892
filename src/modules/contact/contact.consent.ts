import { Field, ObjectType } from 'type-graphql';

// contact.types.ts resolves Contact.consentData with these.

/**
 * A contact's consent as DBT's consent service reports it (Data Hub's `Contact.consent_data`, ingested as
 * JSON: `[{ consent_domain, email_contact_consent, telephone_contact_consent }]`), one entry per domain.
 */
@ObjectType('ContactConsent', {
  simpleResolvers: true,
  description: "Whether the contact agreed to be contacted about one domain (e.g. Domestic, International), as DBT's consent service last reported it.",
})
export class ContactConsentType {
  @Field({ description: 'What the consent is about, as the consent service names it (e.g. "Domestic", "International").' })
  consentDomain!: string;

  @Field({ description: 'Agreed to be emailed (marketing included) about this domain.' })
  emailContactConsent!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Agreed to be telephoned about this domain; null when the service did not say.' })
  telephoneContactConsent!: boolean | null;
}

const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

/**
 * The consents in the stored JSON, in its order: entries that name no domain are left out, and an email
 * consent the service did not give counts as refused (no marketing without a yes). Null when the service never
 * reported the contact (nothing stored), or stored something that is not a list.
 */
export function consentsOf(raw: unknown): ContactConsentType[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.flatMap((entry) => {
    if (!entry || typeof entry !== 'object') return [];
    const e = entry as Record<string, unknown>;
    if (typeof e.consent_domain !== 'string' || !e.consent_domain.trim()) return [];
    return [{ consentDomain: e.consent_domain.trim(), emailContactConsent: e.email_contact_consent === true, telephoneContactConsent: flag(e.telephone_contact_consent) }];
  });
}
