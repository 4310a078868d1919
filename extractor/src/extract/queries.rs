//! The SQL the extractor sends, in the order it sends it: look for
//! `AspNetUsers`, then the message stats, then the number assignments (with
//! `UserName` and `Email` when `AspNetUsers` exists), each into its file.

use std::fs::File;
use std::time::Duration;

use super::connect::{connect, Target};
use super::failure::{within, Problem};
use super::progress::Progress;
use super::stream::{cell, stream_csv};

const STATS_SQL: &str =
    "SELECT [From], COUNT(*) AS MessageCount, MAX(DateSent) AS LastDateSent FROM TwilioMessage GROUP BY [From]";
const HAS_USERS_SQL: &str = "SELECT COUNT(*) AS Found FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'AspNetUsers'";
const ASSIGNMENTS_SQL: &str = "SELECT PhoneNumber, AspNetUserId, Enabled FROM TwilioPhoneNumber";
const ASSIGNMENTS_WITH_USERS_SQL: &str = "SELECT TwilioPhoneNumber.PhoneNumber, TwilioPhoneNumber.AspNetUserId, \
     TwilioPhoneNumber.Enabled, AspNetUsers.UserName, AspNetUsers.Email FROM TwilioPhoneNumber \
     LEFT JOIN AspNetUsers ON TwilioPhoneNumber.AspNetUserId = AspNetUsers.Id";

/// What was read, for the summary.
pub(super) struct Outcome {
    pub(super) stats_rows: u64,
    pub(super) assignment_rows: u64,
    pub(super) with_users: bool,
}

/// Connects and streams both results into `files` (the stats file, then the
/// assignments file).
pub(super) async fn read_both(
    target: &Target,
    files: Vec<File>,
    limit: Duration,
    progress: &Progress,
) -> Result<Outcome, Problem> {
    progress.phase(&format!("connecting to {} as {}", target.shown, target.user));
    let mut client = connect(&target.config, limit).await?;
    progress.phase("looking for AspNetUsers");
    let found = within(limit, "looking for AspNetUsers", async {
        client.simple_query(HAS_USERS_SQL).await?.into_row().await
    })
    .await?;
    let with_users = found
        .and_then(|row| cell(row.cells().next()?.1).ok().map(|c| c != "0"))
        .unwrap_or(false);
    let mut files = files.into_iter();
    let (stats_file, assignments_file) = (files.next().unwrap(), files.next().unwrap());
    progress.phase("the server is counting messages per sender (TwilioMessage)");
    let stats_rows = stream_csv(
        &mut client,
        STATS_SQL,
        &["From", "MessageCount", "LastDateSent"],
        stats_file,
        limit,
        "reading the message stats",
        progress,
    )
    .await?;
    progress.phase("reading the number assignments (TwilioPhoneNumber)");
    let (assignments_sql, header): (&str, &[&str]) = if with_users {
        (
            ASSIGNMENTS_WITH_USERS_SQL,
            &["PhoneNumber", "AspNetUserId", "Enabled", "UserName", "Email"],
        )
    } else {
        (ASSIGNMENTS_SQL, &["PhoneNumber", "AspNetUserId", "Enabled"])
    };
    let assignment_rows = stream_csv(
        &mut client,
        assignments_sql,
        header,
        assignments_file,
        limit,
        "reading the assignments",
        progress,
    )
    .await?;
    let _ = tokio::time::timeout(Duration::from_secs(2), client.close()).await;
    Ok(Outcome {
        stats_rows,
        assignment_rows,
        with_users,
    })
}
