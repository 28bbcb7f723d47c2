import type { DeliveryMode, ExamLevel } from '@invigil/contracts';
import type { EntityManager } from 'typeorm';
import { StackingRule, validateStackingRule } from '../modules/catalogue/domain/stacking-rule';

/**
 * The demo catalogue: real certification programmes delivered through testing centres, with
 * their published objective domains, exam lengths and pass marks, the credential each exam
 * earns, and the stacks that combine them. Idempotent: bodies, exams and credentials are found
 * by code, and whatever already exists is left exactly as it is (including its objectives and
 * rule), so an operator's edits survive a re-seed.
 */

interface DemoExam {
  code: string;
  title: string;
  level: ExamLevel;
  durationMinutes: number;
  passingScore: number;
  maxScore: number;
  deliveryModes: DeliveryMode[];
  objectives: [code: string, description: string][];
}

interface DemoCredential {
  code: string;
  title: string;
  description: string;
  level: ExamLevel;
  kind: 'all' | 'any';
  minCount?: number;
  /** by exam code */
  exams?: string[];
  /** by credential code, listed earlier in the same body */
  credentials?: string[];
}

interface DemoBody {
  code: string;
  name: string;
  website: string;
  exams: DemoExam[];
  credentials: DemoCredential[];
}

const EVERYWHERE: DeliveryMode[] = ['in_lab', 'virtual_lab', 'online_proctored'];
const LAB_OR_ONLINE: DeliveryMode[] = ['in_lab', 'online_proctored'];

/** Certiport-delivered exams: 50 minutes, scaled score 700 of 1000 to pass. */
const certiport = (
  code: string,
  title: string,
  level: ExamLevel,
  objectives: DemoExam['objectives'],
  deliveryModes: DeliveryMode[] = EVERYWHERE,
): DemoExam => ({
  code,
  title,
  level,
  durationMinutes: 50,
  passingScore: 700,
  maxScore: 1000,
  deliveryModes,
  objectives,
});

/** The credential a single exam earns. */
const forExam = (code: string, title: string, level: ExamLevel, exam: string, description: string) =>
  ({ code, title, level, description, kind: 'all', exams: [exam] }) satisfies DemoCredential;

/** Adobe Certified Professional exams share one objective outline, applied to each product. */
const acpObjectives = (industry: string, organise: string, create: string): DemoExam['objectives'] => [
  ['1', `Working in the ${industry} industry: project goals, audience, copyright and accessibility`],
  ['2', 'Project setup and interface: workspaces, document settings, navigation and essential tools'],
  ['3', organise],
  ['4', create],
  ['5', 'Publishing digital media: preparing, checking and exporting for print, web and screen'],
];

export const DEMO_CATALOGUE: DemoBody[] = [
  {
    code: 'microsoft',
    name: 'Microsoft',
    website: 'https://learn.microsoft.com/credentials/',
    exams: [
      certiport('MO-100', 'Microsoft Word (Microsoft 365 Apps)', 'associate', [
        ['1', 'Manage documents: navigate, format, save and share documents, inspect for issues'],
        ['2', 'Insert and format text, paragraphs and sections'],
        ['3', 'Manage tables and lists'],
        ['4', 'Create and manage references: footnotes, endnotes, citations and tables of contents'],
        ['5', 'Insert and format graphic elements: illustrations, text boxes and SmartArt'],
        ['6', 'Manage document collaboration: comments and tracked changes'],
      ]),
      certiport('MO-200', 'Microsoft Excel (Microsoft 365 Apps)', 'associate', [
        ['1', 'Manage worksheets and workbooks: import data, navigate, format, customise and print'],
        ['2', 'Manage data cells and ranges: manipulate data, format cells, named ranges'],
        ['3', 'Manage tables and table data: create, format, filter and sort tables'],
        ['4', 'Perform operations by using formulas and functions'],
        ['5', 'Manage charts: create, modify and format charts'],
      ]),
      certiport('MO-300', 'Microsoft PowerPoint (Microsoft 365 Apps)', 'associate', [
        ['1', 'Manage presentations: slide masters, options, printing and slide shows'],
        ['2', 'Manage slides: insert, modify and order slides and sections'],
        ['3', 'Insert and format text, shapes and images'],
        ['4', 'Insert tables, charts, SmartArt, 3D models and media'],
        ['5', 'Apply transitions and animations'],
      ]),
      certiport('MO-400', 'Microsoft Outlook (Microsoft 365 Apps)', 'associate', [
        ['1', 'Manage Outlook settings and processes: print, search and configure mail'],
        ['2', 'Manage messages: create, organise and respond to messages'],
        ['3', 'Manage schedules: calendars, meetings and appointments'],
        ['4', 'Manage contacts and tasks'],
      ]),
      certiport('MO-500', 'Microsoft Access (Microsoft 365 Apps)', 'associate', [
        ['1', 'Manage databases: relationships, keys, maintenance and printing'],
        ['2', 'Create and modify tables: import data, manage records and fields'],
        ['3', 'Create and modify queries'],
        ['4', 'Modify forms in Layout view'],
        ['5', 'Modify reports in Layout view'],
      ]),
      certiport(
        'MO-101',
        'Microsoft Word Expert (Microsoft 365 Apps)',
        'expert',
        [
          ['1', 'Manage document options and settings: templates, versions, collaboration and language'],
          ['2', 'Use advanced editing and formatting features: find and replace, paragraph layout, styles'],
          ['3', 'Create custom document elements: building blocks, custom design elements, indexes'],
          ['4', 'Use advanced Word features: fields, forms, controls, mail merge and macros'],
        ],
        LAB_OR_ONLINE,
      ),
      certiport(
        'MO-201',
        'Microsoft Excel Expert (Microsoft 365 Apps)',
        'expert',
        [
          ['1', 'Manage workbook options and settings: workbooks, collaboration and language'],
          [
            '2',
            'Manage and format data: fill cells, custom formats, data validation and conditional formatting',
          ],
          [
            '3',
            'Create advanced formulas and macros: logical and lookup functions, what-if analysis, macros',
          ],
          ['4', 'Manage advanced charts and tables: advanced charts, PivotTables and PivotCharts'],
        ],
        LAB_OR_ONLINE,
      ),
      {
        code: 'AZ-900',
        title: 'Microsoft Azure Fundamentals',
        level: 'fundamentals',
        durationMinutes: 45,
        passingScore: 700,
        maxScore: 1000,
        deliveryModes: LAB_OR_ONLINE,
        objectives: [
          ['1', 'Describe cloud concepts'],
          ['2', 'Describe Azure architecture and services'],
          ['3', 'Describe Azure management and governance'],
        ],
      },
      {
        code: 'AI-900',
        title: 'Microsoft Azure AI Fundamentals',
        level: 'fundamentals',
        durationMinutes: 45,
        passingScore: 700,
        maxScore: 1000,
        deliveryModes: LAB_OR_ONLINE,
        objectives: [
          ['1', 'Describe artificial intelligence workloads and considerations'],
          ['2', 'Describe fundamental principles of machine learning on Azure'],
          ['3', 'Describe features of computer vision workloads on Azure'],
          ['4', 'Describe features of natural language processing workloads on Azure'],
          ['5', 'Describe features of generative AI workloads on Azure'],
        ],
      },
      {
        code: 'DP-900',
        title: 'Microsoft Azure Data Fundamentals',
        level: 'fundamentals',
        durationMinutes: 45,
        passingScore: 700,
        maxScore: 1000,
        deliveryModes: LAB_OR_ONLINE,
        objectives: [
          ['1', 'Describe core data concepts'],
          ['2', 'Identify considerations for relational data on Azure'],
          ['3', 'Describe considerations for working with non-relational data on Azure'],
          ['4', 'Describe an analytics workload on Azure'],
        ],
      },
      {
        code: 'SC-900',
        title: 'Microsoft Security, Compliance, and Identity Fundamentals',
        level: 'fundamentals',
        durationMinutes: 45,
        passingScore: 700,
        maxScore: 1000,
        deliveryModes: LAB_OR_ONLINE,
        objectives: [
          ['1', 'Describe the concepts of security, compliance and identity'],
          ['2', 'Describe the capabilities of Microsoft Entra'],
          ['3', 'Describe the capabilities of Microsoft security solutions'],
          ['4', 'Describe the capabilities of Microsoft compliance solutions'],
        ],
      },
    ],
    credentials: [
      forExam(
        'MOS-WORD',
        'Microsoft Office Specialist: Word Associate',
        'associate',
        'MO-100',
        'Passed MO-100.',
      ),
      forExam(
        'MOS-EXCEL',
        'Microsoft Office Specialist: Excel Associate',
        'associate',
        'MO-200',
        'Passed MO-200.',
      ),
      forExam(
        'MOS-POWERPOINT',
        'Microsoft Office Specialist: PowerPoint Associate',
        'associate',
        'MO-300',
        'Passed MO-300.',
      ),
      forExam(
        'MOS-OUTLOOK',
        'Microsoft Office Specialist: Outlook Associate',
        'associate',
        'MO-400',
        'Passed MO-400.',
      ),
      forExam(
        'MOS-ACCESS',
        'Microsoft Office Specialist: Access Associate',
        'associate',
        'MO-500',
        'Passed MO-500.',
      ),
      forExam(
        'MOS-WORD-EXPERT',
        'Microsoft Office Specialist: Word Expert',
        'expert',
        'MO-101',
        'Passed MO-101.',
      ),
      forExam(
        'MOS-EXCEL-EXPERT',
        'Microsoft Office Specialist: Excel Expert',
        'expert',
        'MO-201',
        'Passed MO-201.',
      ),
      {
        code: 'MOS-ASSOCIATE',
        title: 'Microsoft Office Specialist: Associate',
        level: 'associate',
        description: 'Holds three of the five associate-level Microsoft Office Specialist certifications.',
        kind: 'any',
        minCount: 3,
        credentials: ['MOS-WORD', 'MOS-EXCEL', 'MOS-POWERPOINT', 'MOS-OUTLOOK', 'MOS-ACCESS'],
      },
      {
        code: 'MOS-EXPERT',
        title: 'Microsoft Office Specialist: Expert',
        level: 'expert',
        description: 'Holds two expert-level Microsoft Office Specialist certifications.',
        kind: 'any',
        minCount: 2,
        credentials: ['MOS-WORD-EXPERT', 'MOS-EXCEL-EXPERT'],
      },
      forExam(
        'AZURE-FUNDAMENTALS',
        'Microsoft Certified: Azure Fundamentals',
        'fundamentals',
        'AZ-900',
        'Foundational knowledge of cloud services and how they are provided with Microsoft Azure.',
      ),
      forExam(
        'AZURE-AI-FUNDAMENTALS',
        'Microsoft Certified: Azure AI Fundamentals',
        'fundamentals',
        'AI-900',
        'Foundational knowledge of machine learning and AI concepts and related Azure services.',
      ),
      forExam(
        'AZURE-DATA-FUNDAMENTALS',
        'Microsoft Certified: Azure Data Fundamentals',
        'fundamentals',
        'DP-900',
        'Foundational knowledge of core data concepts and related Azure data services.',
      ),
      forExam(
        'SECURITY-FUNDAMENTALS',
        'Microsoft Certified: Security, Compliance, and Identity Fundamentals',
        'fundamentals',
        'SC-900',
        'Foundational knowledge of security, compliance and identity across Microsoft cloud services.',
      ),
    ],
  },
  {
    code: 'adobe',
    name: 'Adobe',
    website: 'https://certiport.pearsonvue.com/Certifications/Adobe',
    exams: [
      certiport(
        'ACP-PS',
        'Visual Design using Adobe Photoshop',
        'professional',
        acpObjectives(
          'design',
          'Organization of documents: layers, groups, smart objects and non-destructive editing',
          'Create and modify visual elements: selections, masks, adjustments, retouching and type',
        ),
      ),
      certiport(
        'ACP-AI',
        'Graphic Design & Illustration using Adobe Illustrator',
        'professional',
        acpObjectives(
          'design',
          'Organization of documents: artboards, layers, groups and symbols',
          'Create and modify visual elements: shapes, paths, the Pen tool, type, colour and gradients',
        ),
      ),
      certiport(
        'ACP-ID',
        'Print & Digital Media Publication using Adobe InDesign',
        'professional',
        acpObjectives(
          'publishing',
          'Organization of documents: master pages, layers, frames and threaded text',
          'Create and modify visual elements: paragraph and character styles, tables, placed graphics',
        ),
      ),
      certiport(
        'ACP-DW',
        'Web Authoring using Adobe Dreamweaver',
        'professional',
        acpObjectives(
          'web design',
          'Organization of content: site definition, files, HTML structure and CSS rules',
          'Create and modify web elements: text, links, images, responsive layouts and forms',
        ),
      ),
      certiport(
        'ACP-AN',
        'Interactive Media using Adobe Animate',
        'professional',
        acpObjectives(
          'interactive media',
          'Organization of documents: the timeline, layers, symbols and the library',
          'Create and modify visual elements: tweens, motion paths, buttons and simple interactivity',
        ),
      ),
      certiport(
        'ACP-AE',
        'Visual Effects & Motion Graphics using Adobe After Effects',
        'professional',
        acpObjectives(
          'video and motion graphics',
          'Organization of projects: compositions, layers, pre-compositions and the render queue',
          'Create and modify visual elements: keyframes, effects, masks, text animation and tracking',
        ),
      ),
      certiport(
        'ACP-PR',
        'Video Design using Adobe Premiere Pro',
        'professional',
        acpObjectives(
          'video',
          'Organization of video projects: bins, sequences, metadata and media management',
          'Create and modify visual elements: editing, transitions, titles, colour and audio mixing',
        ),
      ),
    ],
    credentials: [
      forExam(
        'ACP-PHOTOSHOP',
        'Adobe Certified Professional in Photoshop',
        'professional',
        'ACP-PS',
        'Passed ACP-PS.',
      ),
      forExam(
        'ACP-ILLUSTRATOR',
        'Adobe Certified Professional in Illustrator',
        'professional',
        'ACP-AI',
        'Passed ACP-AI.',
      ),
      forExam(
        'ACP-INDESIGN',
        'Adobe Certified Professional in InDesign',
        'professional',
        'ACP-ID',
        'Passed ACP-ID.',
      ),
      forExam(
        'ACP-DREAMWEAVER',
        'Adobe Certified Professional in Dreamweaver',
        'professional',
        'ACP-DW',
        'Passed ACP-DW.',
      ),
      forExam(
        'ACP-ANIMATE',
        'Adobe Certified Professional in Animate',
        'professional',
        'ACP-AN',
        'Passed ACP-AN.',
      ),
      forExam(
        'ACP-AFTER-EFFECTS',
        'Adobe Certified Professional in After Effects',
        'professional',
        'ACP-AE',
        'Passed ACP-AE.',
      ),
      forExam(
        'ACP-PREMIERE-PRO',
        'Adobe Certified Professional in Premiere Pro',
        'professional',
        'ACP-PR',
        'Passed ACP-PR.',
      ),
      {
        code: 'ACP-WEB-DESIGN',
        title: 'Adobe Certified Professional in Web Design',
        level: 'professional',
        description: 'Passed both the Dreamweaver and the Animate exams.',
        kind: 'all',
        exams: ['ACP-DW', 'ACP-AN'],
      },
      {
        code: 'ACP-VISUAL-DESIGN',
        title: 'Adobe Certified Professional in Visual Design',
        level: 'professional',
        description: 'Passed both the Photoshop and the Illustrator exams.',
        kind: 'all',
        exams: ['ACP-PS', 'ACP-AI'],
      },
      {
        code: 'ACP-VIDEO-DESIGN',
        title: 'Adobe Certified Professional in Video Design',
        level: 'professional',
        description: 'Passed both the Premiere Pro and the After Effects exams.',
        kind: 'all',
        exams: ['ACP-PR', 'ACP-AE'],
      },
    ],
  },
  {
    code: 'apple',
    name: 'Apple',
    website: 'https://www.apple.com/education/k12/teaching-code/',
    exams: [
      certiport('ADS-CU', 'App Development with Swift Certified User', 'fundamentals', [
        ['1', 'Swift fundamentals: constants, variables, types and operators'],
        ['2', 'Control flow, functions and structures'],
        ['3', 'Xcode and Interface Builder basics'],
        ['4', 'Building, running and debugging a simple app'],
        ['5', 'App design: user interface and the app design process'],
      ]),
      certiport(
        'ADS-A',
        'App Development with Swift Associate',
        'associate',
        [
          ['1', 'Swift language: optionals, collections, closures and protocols'],
          ['2', 'Xcode, Interface Builder and debugging tools'],
          ['3', 'Views, navigation and layout with UIKit and SwiftUI'],
          ['4', 'Data persistence and working with the web: JSON and URLSession'],
          ['5', 'App design process, accessibility and app distribution'],
        ],
        LAB_OR_ONLINE,
      ),
    ],
    credentials: [
      forExam(
        'ADS-CERTIFIED-USER',
        'App Development with Swift Certified User',
        'fundamentals',
        'ADS-CU',
        'Foundational knowledge of Swift, Xcode and app development.',
      ),
      forExam(
        'ADS-ASSOCIATE',
        'App Development with Swift Associate',
        'associate',
        'ADS-A',
        'Builds, tests and debugs iOS apps with Swift and Xcode.',
      ),
    ],
  },
  {
    code: 'pmi',
    name: 'Project Management Institute',
    website: 'https://www.pmi.org/certifications',
    exams: [
      certiport('PMI-PMR', 'PMI Project Management Ready', 'fundamentals', [
        ['1', 'Project management fundamentals and core concepts'],
        ['2', 'Traditional plan-based methodologies'],
        ['3', 'Agile frameworks and methodologies'],
        ['4', 'Business analysis frameworks'],
      ]),
      {
        code: 'CAPM',
        title: 'Certified Associate in Project Management',
        level: 'associate',
        // 150 questions in three hours; PMI reports proficiency bands, shown here as a percentage
        durationMinutes: 180,
        passingScore: 65,
        maxScore: 100,
        deliveryModes: LAB_OR_ONLINE,
        objectives: [
          ['1', 'Project management fundamentals and core concepts (36%)'],
          ['2', 'Predictive, plan-based methodologies (17%)'],
          ['3', 'Agile frameworks and methodologies (20%)'],
          ['4', 'Business analysis frameworks (27%)'],
        ],
      },
    ],
    credentials: [
      forExam(
        'PM-READY',
        'PMI Project Management Ready',
        'fundamentals',
        'PMI-PMR',
        'Entry-level knowledge of project management for students and career starters.',
      ),
      forExam(
        'CAPM',
        'Certified Associate in Project Management (CAPM)',
        'associate',
        'CAPM',
        'Knowledge of project management fundamentals, predictive, agile and business analysis approaches.',
      ),
    ],
  },
  {
    code: 'ec-council',
    name: 'EC-Council',
    website: 'https://www.eccouncil.org/train-certify/',
    exams: [
      {
        code: '112-52',
        title: 'Ethical Hacking Essentials',
        level: 'fundamentals',
        durationMinutes: 120,
        passingScore: 70,
        maxScore: 100,
        deliveryModes: EVERYWHERE,
        objectives: [
          ['1', 'Information security fundamentals'],
          ['2', 'Ethical hacking fundamentals'],
          ['3', 'Information security threats and vulnerability assessment'],
          ['4', 'Password cracking, social engineering and network-level attacks'],
          ['5', 'Web application and wireless attacks and countermeasures'],
        ],
      },
      {
        code: '212-82',
        title: 'Certified Cybersecurity Technician',
        level: 'associate',
        durationMinutes: 180,
        passingScore: 70,
        maxScore: 100,
        deliveryModes: LAB_OR_ONLINE,
        objectives: [
          ['1', 'Information security threats, attacks and vulnerabilities'],
          ['2', 'Network security controls: administrative, physical and technical'],
          ['3', 'Security testing, auditing and incident response'],
          ['4', 'Digital forensics and business continuity'],
          ['5', 'Network traffic monitoring and risk management'],
        ],
      },
      {
        code: '312-50',
        title: 'Certified Ethical Hacker',
        level: 'professional',
        durationMinutes: 240,
        passingScore: 70,
        maxScore: 100,
        deliveryModes: LAB_OR_ONLINE,
        objectives: [
          ['1', 'Information security and ethical hacking overview'],
          ['2', 'Reconnaissance techniques: footprinting, scanning and enumeration'],
          ['3', 'System hacking phases and attack techniques'],
          ['4', 'Network and perimeter hacking'],
          ['5', 'Web application hacking'],
          ['6', 'Wireless network hacking'],
          ['7', 'Mobile platform, IoT and OT hacking'],
          ['8', 'Cloud computing and cryptography'],
        ],
      },
    ],
    credentials: [
      forExam(
        'EHE',
        'Ethical Hacking Essentials (EHE)',
        'fundamentals',
        '112-52',
        'Entry-level grounding in ethical hacking and penetration testing.',
      ),
      forExam(
        'CCT',
        'Certified Cybersecurity Technician (C|CT)',
        'associate',
        '212-82',
        'Hands-on technical skills in network defense, ethical hacking, forensics and security operations.',
      ),
      forExam(
        'CEH',
        'Certified Ethical Hacker (C|EH)',
        'professional',
        '312-50',
        'Assesses systems with the tools and techniques of a malicious hacker, lawfully.',
      ),
    ],
  },
];

export async function seedDemoCatalogue(em: EntityManager): Promise<void> {
  for (const body of DEMO_CATALOGUE) {
    const bodyId = await upsertBody(em, body);
    const examIds = new Map<string, string>();
    for (const exam of body.exams) examIds.set(exam.code, await seedExam(em, bodyId, exam));
    const credentialIds = new Map<string, string>();
    for (const credential of body.credentials) {
      credentialIds.set(
        credential.code,
        await seedCredential(em, bodyId, credential, examIds, credentialIds),
      );
    }
  }
}

async function upsertBody(em: EntityManager, body: DemoBody): Promise<string> {
  await em.query(
    `INSERT INTO certification_bodies (code, name, website) VALUES ($1, $2, $3)
     ON CONFLICT ON CONSTRAINT certification_bodies_code_key DO NOTHING`,
    [body.code, body.name, body.website],
  );
  const rows = await em.query<{ id: string }[]>(`SELECT id FROM certification_bodies WHERE code = $1`, [
    body.code,
  ]);
  return rows[0].id;
}

async function seedExam(em: EntityManager, bodyId: string, exam: DemoExam): Promise<string> {
  const inserted = await em.query<{ id: string }[]>(
    `INSERT INTO exams (certification_body_id, code, title, level, duration_minutes, passing_score, max_score,
                        delivery_modes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[])
     ON CONFLICT ON CONSTRAINT exams_code_key DO NOTHING
     RETURNING id`,
    [
      bodyId,
      exam.code,
      exam.title,
      exam.level,
      exam.durationMinutes,
      exam.passingScore,
      exam.maxScore,
      exam.deliveryModes,
    ],
  );
  if (inserted.length === 0) {
    const existing = await em.query<{ id: string }[]>(
      `SELECT id FROM exams WHERE certification_body_id = $1 AND code = $2`,
      [bodyId, exam.code],
    );
    return existing[0].id;
  }
  const id = inserted[0].id;
  await em.query(
    `INSERT INTO exam_objectives (exam_id, code, description, position)
     SELECT $1, o.code, o.description, o.position
       FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS o(code, description, position)`,
    [id, exam.objectives.map(([code]) => code), exam.objectives.map(([, description]) => description)],
  );
  return id;
}

async function seedCredential(
  em: EntityManager,
  bodyId: string,
  credential: DemoCredential,
  examIds: ReadonlyMap<string, string>,
  credentialIds: ReadonlyMap<string, string>,
): Promise<string> {
  const idOf = (ids: ReadonlyMap<string, string>, code: string): string => {
    const id = ids.get(code);
    if (!id) throw new Error(`demo credential ${credential.code} names unknown ${code}`);
    return id;
  };
  const rule: StackingRule = {
    kind: credential.kind,
    minCount: credential.minCount ?? null,
    examIds: (credential.exams ?? []).map((code) => idOf(examIds, code)),
    credentialIds: (credential.credentials ?? []).map((code) => idOf(credentialIds, code)),
  };
  // the demo data obeys the same rules as the API
  const violations = validateStackingRule(rule);
  if (violations.length > 0) {
    throw new Error(`demo credential ${credential.code}: ${violations.map((v) => v.message).join('; ')}`);
  }
  const inserted = await em.query<{ id: string }[]>(
    `INSERT INTO credentials (certification_body_id, code, title, description, level, rule_kind, rule_min_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ON CONSTRAINT credentials_code_key DO NOTHING
     RETURNING id`,
    [
      bodyId,
      credential.code,
      credential.title,
      credential.description,
      credential.level,
      rule.kind,
      rule.minCount,
    ],
  );
  if (inserted.length === 0) {
    const existing = await em.query<{ id: string }[]>(
      `SELECT id FROM credentials WHERE certification_body_id = $1 AND code = $2`,
      [bodyId, credential.code],
    );
    return existing[0].id;
  }
  const id = inserted[0].id;
  await em.query(
    `INSERT INTO credential_requirements (credential_id, exam_id, required_credential_id)
     SELECT $1::uuid, exam_id, NULL FROM unnest($2::uuid[]) AS exam_id
     UNION ALL
     SELECT $1::uuid, NULL, required_id FROM unnest($3::uuid[]) AS required_id`,
    [id, rule.examIds, rule.credentialIds],
  );
  return id;
}
