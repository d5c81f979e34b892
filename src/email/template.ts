/** What a template makes of its data: the subject, a plain-text body and an HTML body saying the same. */
export type RenderedEmail = { subject: string; text: string; html: string };

/** Links into the frontend (FRONTEND_BASE_URL), so that no template spells a host. */
export type EmailLinks = { link: (path: string) => string };

/**
 * An email a module sends, declared in its manifest's `emails` by name. The name and the data are what the
 * outbox stores, so `render` runs when the email is sent, in the worker: data must be plain JSON, and a
 * template keeps accepting the data it was given before it changed (rows may be waiting).
 */
export type EmailTemplate<D = any> = {
  description: string;
  render: (data: D, links: EmailLinks) => RenderedEmail;
};

export type EmailTemplates = Readonly<Record<string, EmailTemplate>>;

/** Declares a template (the identity, typed by its data). */
export const defineEmail = <D>(template: EmailTemplate<D>): EmailTemplate<D> => template;

export const linksOn = (frontendBaseUrl: string): EmailLinks => ({
  link: (path) => `${frontendBaseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`,
});

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** A tagged template for HTML bodies: every interpolated value is escaped (data comes from users: names, titles). */
export const html = (strings: TemplateStringsArray, ...values: unknown[]): string =>
  strings.reduce((out, part, i) => out + part + (i < values.length ? escapeHtml(values[i]) : ''), '');
