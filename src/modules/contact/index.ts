export { Contact } from './contact.entity.js';
export function createContactService() {
  return {};
}
export const contactResolvers: Function[] = [];
