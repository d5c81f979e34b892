import { visibleIn } from '../../auth/row-rules.js';
import { companyModel } from './company.model.js';

/** A company the caller's row rules hide (an archived one, for a partner) is NOT_FOUND to writes too, never "archived". */
export const visibleCompany = visibleIn(companyModel);
