//! The organisation behind the personal access token: its workspaces (the workspace token's own
//! among them), users, their roles and invitations, seeded the same on every machine. Plain data;
//! `org` serves it and `GET /workspace` (in `browse`) reads the token's own workspace here.
//!
//! | id | what |
//! |---|---|
//! | 501 | the organisation |
//! | 1001 | workspace "Census local", the one `--token` belongs to (what `GET /workspace` shows); its API key is `--token` itself |
//! | 1002 | workspace "Marketing sandbox" |
//! | 1003 | workspace "EU analytics" |
//! | 2001 | Ada Lovelace, `ada@example.com`, admin; owner of every workspace |
//! | 2002 | Grace Hopper, `grace@example.com`, member; editor of 1001, operator of 1002 |
//! | 2003 | Katherine Johnson, `katherine@example.com`, member; viewer of 1001, editor of 1003 |
//! | 3001 | an invitation of `dorothy@example.com` as a member, viewer of 1002 (sent in 2025, so expired) |

use std::collections::BTreeMap;
use std::time::Duration;

use census_core::models::{JsonObject, Workspace};
use census_core::workspace_models::{Invitation, OrgWorkspace, User, WorkspaceRole};
use serde_json::Value;

use crate::clock::{iso8601, now_ms};
use crate::holdings::Since;
use crate::prng::Prng;

/// The organisation's id, as `GET /workspace` shows it.
pub const ORGANIZATION_ID: u64 = 501;
/// The workspace `--token` belongs to.
pub const OWN_WORKSPACE_ID: u64 = 1001;
/// How long an invitation may be accepted.
pub const INVITATION_LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);

const FIRST_WORKSPACE_ID: u64 = 1001;
const FIRST_USER_ID: u64 = 2001;
const FIRST_INVITATION_ID: u64 = 3001;
const ORG_SEED: u64 = 0x0126_0501_2026_1001;

/// A workspace as stored.
#[derive(Debug, Clone)]
pub struct WorkspaceRecord {
    /// The wire form, without `api_key` (shown only when asked for).
    pub workspace: OrgWorkspace,
    /// Its API key; `None` for the token's own workspace, whose key is `--token`.
    pub api_key: Option<String>,
    pub created_ms: i64,
    /// Its users and their roles, by user id.
    pub members: BTreeMap<u64, WorkspaceRole>,
    /// For a clone: when the clone started (`clone_status` follows it).
    pub cloning: Option<Since>,
}

impl WorkspaceRecord {
    /// `GET /workspace`'s form of it.
    pub fn current(&self) -> Workspace {
        let workspace = &self.workspace;
        Workspace {
            id: workspace.id,
            name: workspace.name.clone(),
            organization_id: workspace.organization_id,
            created_at: workspace.created_at.clone(),
            notification_emails: workspace.notification_emails.clone(),
        }
    }
}

/// A user as stored.
#[derive(Debug, Clone)]
pub struct UserRecord {
    /// The wire form; `role` is the organisation role.
    pub user: User,
}

/// An invitation as stored.
#[derive(Debug, Clone)]
pub struct InvitationRecord {
    /// The wire form; `status` is filled in when shown.
    pub invitation: Invitation,
    pub created_ms: i64,
    pub started: Since,
}

impl InvitationRecord {
    /// The invitation as the API shows it: `pending` for [`INVITATION_LIFETIME`], then `expired`.
    pub fn view(&self) -> Invitation {
        let expired = match self.started {
            Since::Live(started) => started.elapsed() >= INVITATION_LIFETIME,
            Since::Past => {
                let lifetime = i64::try_from(INVITATION_LIFETIME.as_millis()).unwrap_or(i64::MAX);
                now_ms() >= self.created_ms.saturating_add(lifetime)
            }
        };
        Invitation {
            status: Some(if expired { "expired" } else { "pending" }.into()),
            ..self.invitation.clone()
        }
    }
}

/// The whole organisation, with the next id of each kind.
#[derive(Debug)]
pub struct Organisation {
    pub workspaces: BTreeMap<u64, WorkspaceRecord>,
    pub users: BTreeMap<u64, UserRecord>,
    pub invitations: BTreeMap<u64, InvitationRecord>,
    next_workspace_id: u64,
    next_invitation_id: u64,
    /// Draws the API keys of new workspaces, so they repeat after each reset.
    rng: Prng,
}

/// `{id, role}`, an item of an invitation's `workspaces`.
pub fn grant(id: u64, role: &str) -> JsonObject {
    let mut grant = JsonObject::new();
    grant.insert("id".into(), Value::from(id));
    grant.insert("role".into(), Value::from(role));
    grant
}

impl Organisation {
    /// The seeded organisation (see the module's table).
    pub fn seeded() -> Self {
        let mut org = Self {
            workspaces: BTreeMap::new(),
            users: BTreeMap::new(),
            invitations: BTreeMap::new(),
            next_workspace_id: FIRST_WORKSPACE_ID,
            next_invitation_id: FIRST_INVITATION_ID,
            rng: Prng(ORG_SEED),
        };
        let users = [
            (
                "Ada Lovelace",
                "ada@example.com",
                "admin",
                1_704_164_645_000,
            ),
            (
                "Grace Hopper",
                "grace@example.com",
                "member",
                1_709_285_400_000,
            ),
            (
                "Katherine Johnson",
                "katherine@example.com",
                "member",
                1_717_408_800_000,
            ),
        ];
        for ((name, email, role, created_ms), id) in users.into_iter().zip(FIRST_USER_ID..) {
            org.users.insert(
                id,
                UserRecord {
                    user: User {
                        id: id.into(),
                        email: Some(email.into()),
                        name: Some(name.into()),
                        role: Some(role.into()),
                        created_at: Some(iso8601(created_ms)),
                        last_sign_in_at: Some(iso8601(
                            1_767_139_200_000 - 3_600_000 * (id - FIRST_USER_ID) as i64,
                        )),
                    },
                },
            );
        }
        use WorkspaceRole::{Editor, Operator, Owner, Viewer};
        let workspaces = [
            (
                "Census local",
                1_704_164_645_000,
                vec!["data-team@example.com"],
                vec![(2001, Owner), (2002, Editor), (2003, Viewer)],
            ),
            (
                "Marketing sandbox",
                1_714_000_000_000,
                vec!["marketing-ops@example.com"],
                vec![(2001, Owner), (2002, Operator)],
            ),
            (
                "EU analytics",
                1_722_000_000_000,
                vec![],
                vec![(2001, Owner), (2003, Editor)],
            ),
        ];
        for (name, created_ms, emails, members) in workspaces {
            let id = org.take_workspace_id();
            let api_key = (id != OWN_WORKSPACE_ID).then(|| org.new_api_key(id));
            org.workspaces.insert(
                id,
                WorkspaceRecord {
                    workspace: OrgWorkspace {
                        id,
                        name: name.into(),
                        organization_id: Some(ORGANIZATION_ID),
                        created_at: Some(iso8601(created_ms)),
                        notification_emails: Some(emails.into_iter().map(String::from).collect()),
                        api_key: None,
                    },
                    api_key,
                    created_ms,
                    members: members.into_iter().collect(),
                    cloning: None,
                },
            );
        }
        let id = org.take_invitation_id();
        let created_ms = 1_766_400_000_000;
        org.invitations.insert(
            id,
            InvitationRecord {
                invitation: Invitation {
                    id,
                    email: "dorothy@example.com".into(),
                    role: Some("member".into()),
                    workspaces: Some(vec![grant(1002, "viewer")]),
                    status: None,
                    created_at: Some(iso8601(created_ms)),
                    expires_at: Some(iso8601(created_ms + INVITATION_LIFETIME.as_millis() as i64)),
                },
                created_ms,
                started: Since::Past,
            },
        );
        org
    }

    pub fn take_workspace_id(&mut self) -> u64 {
        let id = self.next_workspace_id;
        self.next_workspace_id += 1;
        id
    }

    pub fn take_invitation_id(&mut self) -> u64 {
        let id = self.next_invitation_id;
        self.next_invitation_id += 1;
        id
    }

    /// A new workspace API key for workspace `id` (not usable on this server, which serves one
    /// workspace: the token's own).
    pub fn new_api_key(&mut self, id: u64) -> String {
        format!("census-local-ws-{id}-{}", self.rng.hex(24))
    }

    /// The user with `email`, compared case-insensitively.
    pub fn user_by_email(&self, email: &str) -> Option<&UserRecord> {
        self.users.values().find(|u| {
            u.user
                .email
                .as_deref()
                .is_some_and(|own| own.eq_ignore_ascii_case(email))
        })
    }

    /// The creation time of something created now, never before the newest of `existing`.
    pub fn creation_time(existing: impl Iterator<Item = i64>) -> i64 {
        now_ms().max(existing.max().unwrap_or(i64::MIN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_organisation_holds_the_tokens_workspace() {
        let org = Organisation::seeded();
        let own = &org.workspaces[&OWN_WORKSPACE_ID];
        assert_eq!(own.workspace.name, "Census local");
        assert_eq!(own.api_key, None);
        assert_eq!(
            own.current().created_at.as_deref(),
            Some("2024-01-02T03:04:05.000Z")
        );
        assert_eq!(org.workspaces.len(), 3);
        assert!(org.workspaces[&1002].api_key.is_some());
        assert_eq!(
            org.invitations[&3001].view().status.as_deref(),
            Some("expired")
        );
        assert_eq!(
            org.user_by_email("ADA@example.com")
                .map(|u| u.user.id.clone()),
            Some(2001_u64.into())
        );
    }
}
