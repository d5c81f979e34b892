import { AuditEvent } from '../audit/audit-event.entity.js';
import { ApiClient } from '../auth/api-client.entity.js';
import { ApiToken } from '../auth/api-token.entity.js';
import { Adviser } from '../modules/adviser/adviser.entity.js';
import { Team } from '../modules/adviser/team.entity.js';
import { Company } from '../modules/company/company.entity.js';
import { CompanyExportCountry, CompanyExportCountryHistory } from '../modules/company/export-country.entity.js';
import { Contact } from '../modules/contact/contact.entity.js';
import { Interaction, InteractionParticipant } from '../modules/interaction/interaction.entity.js';
import * as metadata from '../modules/metadata/metadata.entities.js';
import { ArchivableEntity, TrackedEntity } from './base.entity.js';

/** Every entity the ORM knows, in one list. */
export const entities = [
  TrackedEntity,
  ArchivableEntity,
  metadata.ReferenceEntity,
  metadata.OrderedReferenceEntity,
  metadata.OverseasRegion,
  metadata.Country,
  metadata.UkRegion,
  metadata.AdministrativeArea,
  metadata.Sector,
  metadata.BusinessType,
  metadata.EmployeeRange,
  metadata.TurnoverRange,
  metadata.HeadquarterType,
  metadata.OneListTier,
  metadata.TeamRole,
  metadata.Title,
  metadata.Service,
  metadata.ServiceQuestion,
  metadata.ServiceAnswerOption,
  metadata.CommunicationChannel,
  metadata.PolicyArea,
  metadata.PolicyIssueType,
  metadata.ServiceDeliveryStatus,
  Team,
  Adviser,
  ApiClient,
  ApiToken,
  Company,
  CompanyExportCountry,
  CompanyExportCountryHistory,
  Contact,
  Interaction,
  InteractionParticipant,
  AuditEvent,
];
