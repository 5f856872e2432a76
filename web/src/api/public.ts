import { graphql } from '../gql';

export const HomeQuery = graphql(`
  query Home {
    resources(first: 6) {
      totalCount
      nodes {
        id
        kind
        title
        description
        status
        forms
        publishedAt
        provider {
          id
          name
        }
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

export const ResourcePublishedSubscription = graphql(`
  subscription ResourcePublished {
    resourcePublished {
      cursor
      resource {
        id
        kind
        title
        description
        status
        forms
        publishedAt
        provider {
          id
          name
        }
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

export const SearchPoliciesQuery = graphql(`
  query SearchPolicies($q: String, $first: Int, $after: String, $filter: PolicyFilter) {
    policies(search: $q, first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        highlights
        node {
          id
          title
          docNumber
          issuers
          issuedOn
          isTrial
          status
        }
      }
    }
  }
`);

export const SearchResourcesQuery = graphql(`
  query SearchResources($q: String, $first: Int, $after: String, $filter: ResourceFilter) {
    resources(search: $q, first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        highlights
        node {
          id
          kind
          title
          description
          status
          forms
          provider {
            id
            name
          }
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
  }
`);

export const PolicyQuery = graphql(`
  query PolicyPage($id: ID!) {
    policy(id: $id) {
      id
      title
      docNumber
      issuers
      issuedOn
      isTrial
      status
      body
      publishedAt
      repealedAt
      repealReason
      sections {
        number
        heading
        text
        children {
          number
          heading
          text
          children {
            number
            heading
            text
          }
        }
      }
      citations {
        title
        docNumber
        policy {
          id
          title
          status
        }
      }
      supersedes {
        id
        title
      }
    }
  }
`);

export const ResourceQuery = graphql(`
  query ResourcePage($id: ID!) {
    node(id: $id) {
      id
      ... on Resource {
        kind
        title
        description
        status
        forms
        emergencyTypes
        contact
        availableFrom
        availableUntil
        publishedAt
        provider {
          id
          name
          kind
          verified
          area {
            name
          }
        }
        serviceAreas {
          code
          name
          level
        }
        eligibility {
          description
        }
        capacity {
          unit
          total
          remaining
        }
        legalBasis {
          id
          title
          docNumber
        }
      }
    }
  }
`);

export const AreasQuery = graphql(`
  query Areas($parentCode: String) {
    areas(parentCode: $parentCode) {
      id
      code
      name
      level
    }
  }
`);

export const EmergencyReportMutation = graphql(`
  mutation EmergencyReport($input: EmergencyReportInput!) {
    emergencyReport(input: $input) {
      emergencyCase {
        reference
        status
      }
      trackingCode
      userErrors {
        message
        field
        code
      }
    }
  }
`);

export const ReportStatusQuery = graphql(`
  query ReportStatus($reference: String!, $trackingCode: String!) {
    emergencyReportStatus(reference: $reference, trackingCode: $trackingCode) {
      reference
      status
      emergencyType
      reportedAt
      acceptedAt
      verifiedAt
      firstAssistedAt
      assistedAt
      closedAt
    }
  }
`);
