import { graphql } from '../gql';

// Coordinator and auditor pages: the supervision report (督查) and the risk worklist (预警).

export const SupervisionReportQuery = graphql(`
  query ConsoleSupervisionReport($areaCode: String!, $from: Date!, $to: Date!, $groupBy: SupervisionGroupBy!) {
    supervisionReport(areaCode: $areaCode, from: $from, to: $to, groupBy: $groupBy) {
      areaCode
      from
      to
      generatedAt
      groups {
        key
        label
        casesReported
        reportToAccept {
          count
          p50Hours
        }
        reportToFirstAssistance {
          count
          p50Hours
          p90Hours
        }
        casesVerifyOverdue
        casesRespondOverdue
        expeditedCases
        referralsSent
        referralsCompleted
        referralsDeclined
        referralsOverdue
        needsEscalatedUnmet
        aid {
          amountFen
          records
        }
        flagsRaised
        householdsScreened
      }
    }
  }
`);

export const HouseholdsAtRiskQuery = graphql(`
  query ConsoleHouseholdsAtRisk($areaCode: String!) {
    householdsAtRisk(filter: { areaCode: $areaCode }, first: 100) {
      nodes {
        level
        nextVisitDue
        daysOverdue
        lastVisitedOn
        household {
          id
          category
          area {
            name
          }
        }
        flags {
          id
          level
          raisedAt
          rule {
            name
          }
        }
      }
    }
  }
`);

// 跟踪督查: tracked and overdue cases, a case's timeline, tracking and untracking.
export const SupervisedCasesQuery = graphql(`
  query ConsoleSupervisedCases($areaCode: String!, $filter: SupervisedCaseFilter) {
    supervisedCases(areaCode: $areaCode, filter: $filter, first: 100) {
      nodes {
        id
        reference
        status
        emergencyType
        overdue
        verifyDueAt
        respondDueAt
        area {
          name
        }
        tracking {
          reason
          trackedAt
        }
      }
    }
  }
`);

export const CaseTimelineQuery = graphql(`
  query ConsoleCaseTimeline($id: ID!) {
    node(id: $id) {
      id
      ... on EmergencyCase {
        tracking {
          reason
          trackedAt
          trackedBy {
            subject
            role
          }
        }
        timeline {
          kind
          at
          dueAt
          overdue
          pending
          tookHours
          detail
          actor {
            role
            subject
            organization {
              name
            }
          }
        }
      }
    }
  }
`);

export const CaseTrackMutation = graphql(`
  mutation ConsoleCaseTrack($input: EmergencyCaseTrackInput!) {
    emergencyCaseTrack(input: $input) {
      tracking {
        reason
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);

export const CaseUntrackMutation = graphql(`
  mutation ConsoleCaseUntrack($input: EmergencyCaseUntrackInput!) {
    emergencyCaseUntrack(input: $input) {
      tracking {
        endedAt
      }
      userErrors {
        message
        field
        code
      }
    }
  }
`);
