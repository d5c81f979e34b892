/**
 * The project-page operation: one investment project with its companies, client contacts, advisers (with
 * their teams), team members and stage log — as the gateway, PostGraphile and the raw handler are asked it,
 * and how their answers are brought to one shape to compare.
 */
import type { ServerName } from './queries.js';

const ADVISER = 'id firstName lastName team { id name }';

export const gatewayProjectPage = `query ProjectPage($id: UUID!) {
  investmentProject(id: $id) {
    id
    projectCode
    name
    status
    estimatedLandDate
    stage { id name }
    investorCompany { id name }
    ukCompany { id name }
    clientContacts { id firstName lastName }
    clientRelationshipManager { ${ADVISER} }
    projectManager { ${ADVISER} }
    teamMembers { role adviser { ${ADVISER} } }
    stageLog { stage { id name } createdOn }
  }
}`;

const POSTGRAPHILE_ADVISER = 'id: rowId firstName lastName team: ditTeam { id: rowId name }';

// PostGraphile has the code's digits (`codeNumber`) and the lists as the child tables' connections, ordered
// here as the gateway orders them: team members by role then id, the stage log by created on then id. It
// cannot order the client-contact link table by the contacts' names, so it is asked by contact id and the
// contacts are compared as a set.
export const postgraphileProjectPage = `query ProjectPage($id: UUID!) {
  investmentProject(rowId: $id) {
    id: rowId
    codeNumber
    name
    status
    estimatedLandDate
    stage { id: rowId name }
    investorCompany { id: rowId name }
    ukCompany { id: rowId name }
    clientContacts: investmentProjectClientContacts(orderBy: [CONTACT_ID_ASC]) {
      nodes { contact { id: rowId firstName lastName } }
    }
    clientRelationshipManager { ${POSTGRAPHILE_ADVISER} }
    projectManager { ${POSTGRAPHILE_ADVISER} }
    teamMembers: investmentProjectTeamMembers(orderBy: [ROLE_ASC, ROW_ID_ASC]) {
      nodes { role adviser { ${POSTGRAPHILE_ADVISER} } }
    }
    stageLog: investmentProjectStageLogs(orderBy: [CREATED_ON_ASC, ROW_ID_ASC]) {
      nodes { stage { id: rowId name } createdOn }
    }
  }
}`;

/** An adviser `a` with their team `t` (left-joined) as the gateway's JSON. */
const adviserJson = `json_build_object('id', a.id, 'firstName', a.first_name, 'lastName', a.last_name,
  'team', case when t.id is null then null else json_build_object('id', t.id, 'name', t.name) end)`;

/** The adviser of the project's column as JSON, or null. */
const adviserOf = (column: string) =>
  `(select ${adviserJson} from adviser a left join metadata_team t on t.id = a.dit_team_id where a.id = p.${column})`;

const companyOf = (column: string) => `(select json_build_object('id', c.id, 'name', c.name) from company c where c.id = p.${column})`;

/**
 * The raw handler's one statement, in the gateway's shape and orders: client contacts by last name, first
 * name, id (the contact model's default order), team members by role then id, the stage log by created on
 * then id; the code as `projectCode` writes it; instants as the gateway's DateTime prints them.
 */
export const rawProjectPage = `
select json_build_object('data', json_build_object('investmentProject', (
  select json_build_object(
    'id', p.id,
    'projectCode', 'DHP-' || lpad(p.code_number::text, greatest(8, length(p.code_number::text)), '0'),
    'name', p.name,
    'status', upper(p.status),
    'estimatedLandDate', p.estimated_land_date,
    'stage', (select json_build_object('id', s.id, 'name', s.name) from metadata_investment_project_stage s where s.id = p.stage_id),
    'investorCompany', ${companyOf('investor_company_id')},
    'ukCompany', ${companyOf('uk_company_id')},
    'clientContacts', coalesce((
      select json_agg(json_build_object('id', ct.id, 'firstName', ct.first_name, 'lastName', ct.last_name)
                      order by ct.last_name, ct.first_name, ct.id)
        from investment_project_client_contact l join contact ct on ct.id = l.contact_id
       where l.investment_project_id = p.id
    ), '[]'::json),
    'clientRelationshipManager', ${adviserOf('client_relationship_manager_id')},
    'projectManager', ${adviserOf('project_manager_id')},
    'teamMembers', coalesce((
      select json_agg(json_build_object('role', m.role, 'adviser', ${adviserJson}) order by m.role, m.id)
        from investment_project_team_member m
        join adviser a on a.id = m.adviser_id
        left join metadata_team t on t.id = a.dit_team_id
       where m.investment_project_id = p.id
    ), '[]'::json),
    'stageLog', coalesce((
      select json_agg(json_build_object(
               'stage', json_build_object('id', s.id, 'name', s.name),
               'createdOn', to_char(l.created_on at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
             order by l.created_on, l.id)
        from investment_project_stage_log l join metadata_investment_project_stage s on s.id = l.stage_id
       where l.investment_project_id = p.id
    ), '[]'::json)
  )
  from investment_project p where p.id = $1
)))::text`;

type Json = any;

const byId = (a: Json, b: Json) => String(a?.id).localeCompare(String(b?.id));

/**
 * The project as data to compare, in the gateway's shape: PostGraphile's code digits made a code, its
 * status (the column's text) upper-cased as the gateway's enum, its `nodes` unwrapped; instants as ISO in
 * UTC whatever the server's offset format; client contacts by id (a set: see the PostGraphile query).
 */
export function canonicalProjectPage(server: ServerName, data: Json): Json {
  const project = data?.investmentProject;
  if (!project) return { investmentProject: project };
  const fromPostgraphile = server === 'postgraphile';
  const { codeNumber, ...rest } = project;
  const list = (value: Json) => (fromPostgraphile ? value?.nodes : value) ?? [];
  return {
    investmentProject: {
      ...rest,
      ...(fromPostgraphile ? { projectCode: `DHP-${String(codeNumber).padStart(8, '0')}`, status: String(project.status).toUpperCase() } : {}),
      clientContacts: list(project.clientContacts)
        .map((c: Json) => (fromPostgraphile ? c.contact : c))
        .sort(byId),
      teamMembers: list(project.teamMembers),
      stageLog: list(project.stageLog).map((e: Json) => ({ ...e, createdOn: new Date(e.createdOn).toISOString() })),
    },
  };
}

/** What the page holds, for the report. */
export function summaryProjectPage(data: Json): Record<string, unknown> {
  const p = data?.investmentProject;
  return {
    project: p?.id,
    projectCode: p?.projectCode,
    clientContacts: p?.clientContacts?.length,
    teamMembers: p?.teamMembers?.length,
    stageLog: p?.stageLog?.length,
    projectManager: Boolean(p?.projectManager),
    ukCompany: Boolean(p?.ukCompany),
  };
}
