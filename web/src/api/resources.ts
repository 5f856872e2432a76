import { graphql } from '../gql';

// The charity console's resource form: the fact catalogue its rule builder offers, a resource to edit, the edit.

export const EligibilityFactsQuery = graphql(`
  query ConsoleEligibilityFacts {
    eligibilityFacts {
      name
      label
      type
      unit
      unitLabel
      perMember
      yesLabel
      noLabel
      options {
        value
        label
      }
      operators {
        op
        label
      }
    }
  }
`);

export const ResourceForEditQuery = graphql(`
  query ConsoleResourceForEdit($id: ID!) {
    node(id: $id) {
      id
      ... on Resource {
        kind
        status
        title
        description
        forms
        emergencyTypes
        contact
        serviceAreas {
          code
          name
        }
        capacity {
          unit
          total
          remaining
        }
        eligibility {
          rules
          description
        }
      }
    }
  }
`);

export const ResourceUpdateMutation = graphql(`
  mutation ConsoleResourceUpdate($input: ResourceUpdateInput!) {
    resourceUpdate(input: $input) {
      resource {
        id
        status
        title
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
