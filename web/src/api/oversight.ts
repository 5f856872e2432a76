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
