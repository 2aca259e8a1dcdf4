/**
 * Where a family can get independent help with a request for an EHC needs assessment, per authority: its SEND
 * information, advice and support service (SENDIASS, which every authority must arrange: Children and Families Act
 * 2014 s.32) and its Local Offer (s.30). Configuration data, not code: an authority adds or corrects its own entry.
 *
 * Birmingham's entry was written from public sources in 2026 and must be checked with the authority before live use:
 * its SENDIASS was reviewed in 2022 and recommissioned, so its contact details have changed before and may again. The
 * links go to the sites' front pages, which outlive their inner addresses.
 */

export interface Contact {
  name: string
  /** What it does, in a few plain words. */
  about: string
  website?: string
  phone?: string
  email?: string
}

export interface FamilyContacts {
  sendiass: Contact
  localOffer: Contact
  /** The authority's SEND team, for a family whose request has no caseworker yet. */
  sendTeam: Contact
}

/** GOV.UK's guide to appealing to the SEND Tribunal: the same for every authority in England. */
export const tribunalGuidance = {
  name: 'Appeal an education, health and care (EHC) plan decision',
  website: 'https://www.gov.uk/appeal-ehc-plan-decision',
} as const

const byAuthorityCode: Record<string, FamilyContacts> = {
  // Birmingham City Council (LA 330)
  '330': {
    sendiass: {
      name: 'Birmingham SENDIASS',
      about: 'free, confidential and impartial information, advice and support about special educational needs',
      website: 'https://www.localofferbirmingham.co.uk/',
      phone: '0121 303 5004',
    },
    localOffer: {
      name: 'Birmingham Local Offer',
      about: 'services and support for children and young people with special educational needs and disabilities',
      website: 'https://www.localofferbirmingham.co.uk/',
    },
    sendTeam: {
      name: 'SEND Assessment and Review team (SENAR)',
      about: 'the council team that deals with requests for EHC needs assessments',
      website: 'https://www.birmingham.gov.uk/',
    },
  },
}

/** Used for an authority with no entry yet: national sources that always apply. */
const fallback: FamilyContacts = {
  sendiass: {
    name: 'your local SENDIASS',
    about: 'free, confidential and impartial information, advice and support about special educational needs',
    website: 'https://www.gov.uk/children-with-special-educational-needs',
  },
  localOffer: {
    name: 'your council’s Local Offer',
    about: 'services and support for children and young people with special educational needs and disabilities',
    website: 'https://www.gov.uk/find-local-council',
  },
  sendTeam: {
    name: 'your council’s SEND team',
    about: 'the council team that deals with requests for EHC needs assessments',
    website: 'https://www.gov.uk/find-local-council',
  },
}

export function familyContactsFor(authorityCode: string | undefined): FamilyContacts {
  return (authorityCode !== undefined ? byAuthorityCode[authorityCode] : undefined) ?? fallback
}
