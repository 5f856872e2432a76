import { graphql } from '../gql';

export const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer {
      role
      subject
      organization {
        id
        name
      }
      area {
        code
        name
      }
    }
  }
`);

export const OrganizationsQuery = graphql(`
  query ConsoleOrganizations {
    organizations(first: 100) {
      nodes {
        id
        name
        kind
        area {
          name
        }
      }
    }
  }
`);

export const OrgResourcesQuery = graphql(`
  query OrgResources($providerId: ID!) {
    resources(filter: { providerId: $providerId }, first: 100) {
      nodes {
        id
        kind
        title
        status
        forms
        publishedAt
        availableUntil
        capacity {
          unit
          total
          remaining
        }
        serviceAreas {
          code
          name
        }
      }
    }
  }
`);

export const DonationCreateMutation = graphql(`
  mutation ConsoleDonationCreate($input: DonationCreateInput!) {
    donationCreate(input: $input) {
      resource {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const CharityProjectCreateMutation = graphql(`
  mutation ConsoleCharityProjectCreate($input: CharityProjectCreateInput!) {
    charityProjectCreate(input: $input) {
      resource {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const VolunteerOfferCreateMutation = graphql(`
  mutation ConsoleVolunteerOfferCreate($input: VolunteerOfferCreateInput!) {
    volunteerOfferCreate(input: $input) {
      resource {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const ResourcePublishMutation = graphql(`
  mutation ConsoleResourcePublish($id: ID!) {
    resourcePublish(input: { id: $id }) {
      resource {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const ResourcePauseMutation = graphql(`
  mutation ConsoleResourcePause($id: ID!) {
    resourcePause(input: { id: $id }) {
      resource {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const ResourceWithdrawMutation = graphql(`
  mutation ConsoleResourceWithdraw($id: ID!) {
    resourceWithdraw(input: { id: $id }) {
      resource {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);

// One selection for the inbox, so the list and its live updates always carry the same fields.
export const InboxReferralFragment = graphql(`
  fragment InboxReferral on Referral {
    id
    status
    dueAt
    overdue
    createdAt
    reason
    need {
      id
      description
      form
      amountFen
      quantity
      unit
      urgency
    }
    commitment {
      amount
      unit
      resource {
        id
        title
      }
    }
    household {
      address
      members {
        name
        phone
      }
    }
  }
`);

export const ReferralsQuery = graphql(`
  query ConsoleReferrals($organizationId: ID) {
    referrals(filter: { organizationId: $organizationId }, first: 100) {
      nodes {
        ...InboxReferral
      }
    }
  }
`);
export const ReferralUpdatedSubscription = graphql(`
  subscription ConsoleReferralUpdated($organizationId: ID) {
    referralUpdated(organizationId: $organizationId) {
      ...InboxReferral
    }
  }
`);
export const ReferralAcceptMutation = graphql(`
  mutation ConsoleReferralAccept($id: ID!) {
    referralAccept(input: { id: $id }) {
      referral {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const ReferralStartMutation = graphql(`
  mutation ConsoleReferralStart($id: ID!) {
    referralStart(input: { id: $id }) {
      referral {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const ReferralDeclineMutation = graphql(`
  mutation ConsoleReferralDecline($id: ID!, $reason: String!) {
    referralDecline(input: { id: $id, reason: $reason }) {
      referral {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const ReferralCompleteMutation = graphql(`
  mutation ConsoleReferralComplete($input: ReferralCompleteInput!) {
    referralComplete(input: $input) {
      referral {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);

// One selection for the worklist, so the list and its live updates always carry the same fields.
export const WorklistCaseFragment = graphql(`
  fragment WorklistCase on EmergencyCase {
    id
    reference
    status
    emergencyType
    verifyDueAt
    respondDueAt
    overdue
    expedited
    area {
      name
    }
    owner {
      subject
    }
  }
`);

export const CasesQuery = graphql(`
  query ConsoleCases {
    emergencyCases(first: 100) {
      nodes {
        ...WorklistCase
      }
    }
  }
`);
export const CaseUpdatedSubscription = graphql(`
  subscription ConsoleCaseUpdated($areaCode: String) {
    emergencyCaseUpdated(areaCode: $areaCode) {
      ...WorklistCase
    }
  }
`);

export const CaseQuery = graphql(`
  query ConsoleCase($id: ID!) {
    node(id: $id) {
      id
      ... on EmergencyCase {
        reference
        status
        emergencyType
        description
        channel
        address
        reporterName
        reporterPhone
        verifyDueAt
        respondDueAt
        verifiedAt
        overdue
        expedited
        closedAt
        area {
          code
          name
        }
        owner {
          subject
        }
        household {
          id
          category
          registration
          monthlyIncomePerCapitaFen
          members {
            name
            relation
            idNumber
            birthDate
            disability
            chronicIllness
            phone
          }
        }
        needs {
          id
          form
          description
          amountFen
          quantity
          unit
          urgency
          status
          delivered
          escalationLevel
          referrals {
            id
            status
            dueAt
            overdue
            reason
            to {
              name
            }
          }
        }
      }
    }
  }
`);

// What tells an open case page to read the case again: a step of the case, a step of one of its referrals.
export const CaseStepSubscription = graphql(`
  subscription ConsoleCaseStep {
    emergencyCaseUpdated {
      id
    }
  }
`);
export const CaseReferralStepSubscription = graphql(`
  subscription ConsoleCaseReferralStep {
    referralUpdated {
      id
      need {
        id
      }
    }
  }
`);

export const CaseAcceptMutation = graphql(`
  mutation ConsoleCaseAccept($id: ID!) {
    emergencyCaseAccept(input: { id: $id }) {
      emergencyCase {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const HouseholdCreateMutation = graphql(`
  mutation ConsoleHouseholdCreate($input: HouseholdCreateInput!) {
    householdCreate(input: $input) {
      household {
        id
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const CaseVerifyMutation = graphql(`
  mutation ConsoleCaseVerify($input: EmergencyCaseVerifyInput!) {
    emergencyCaseVerify(input: $input) {
      emergencyCase {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const CaseCloseMutation = graphql(`
  mutation ConsoleCaseClose($id: ID!, $note: String) {
    emergencyCaseClose(input: { id: $id, note: $note }) {
      emergencyCase {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const NeedCreateMutation = graphql(`
  mutation ConsoleNeedCreate($input: NeedCreateInput!) {
    needCreate(input: $input) {
      need {
        id
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const NeedEscalateMutation = graphql(`
  mutation ConsoleNeedEscalate($needId: ID!, $note: String!) {
    needEscalate(input: { needId: $needId, note: $note }) {
      need {
        id
        status
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const MatchesQuery = graphql(`
  query ConsoleMatches($needId: ID!) {
    matchResources(needId: $needId, first: 20, includeIneligible: true) {
      score
      eligibility
      reasons
      missingFacts
      locality
      resource {
        id
        kind
        title
        provider {
          name
        }
        capacity {
          unit
          total
          remaining
        }
      }
    }
  }
`);
export const CommitmentCreateMutation = graphql(`
  mutation ConsoleCommitmentCreate($input: CommitmentCreateInput!) {
    commitmentCreate(input: $input) {
      commitment {
        id
        referral {
          id
          status
        }
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
export const MatchFoundSubscription = graphql(`
  subscription ConsoleMatchFound($caseId: ID) {
    matchFound(caseId: $caseId) {
      eligibility
      reasons
      need {
        id
        description
      }
      resource {
        id
        title
        provider {
          name
        }
      }
    }
  }
`);
export const EscalatedNeedsQuery = graphql(`
  query ConsoleEscalatedNeeds {
    needs(filter: { status: ESCALATED }, first: 100) {
      nodes {
        id
        form
        description
        amountFen
        quantity
        unit
        urgency
        escalationLevel
        escalationNote
        escalatedAt
        case {
          id
          reference
          area {
            name
          }
        }
      }
    }
  }
`);
