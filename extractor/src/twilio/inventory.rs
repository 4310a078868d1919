//! Listing what the account owns: its subaccounts (closed ones skipped), and
//! in each account the `Local`, `Mobile` and `TollFree` sub-lists, then the
//! whole list, a number's type being the sub-list it appeared in. A few
//! accounts are listed at a time; the first failure stops the others.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use super::api::{list_all, Account, IncomingNumber, PAGE_SIZE};
use super::failure::ApiFailure;
use super::http::Client;
use super::outputs::{NumberType, OwnedNumber};
use super::progress::Progress;

/// Accounts listed at the same time: kind to Twilio's rate limits, yet not one by one.
const PARALLEL_ACCOUNTS: usize = 3;

/// The accounts to list, the main one first.
pub(crate) struct Accounts {
    pub(crate) listed: Vec<Account>,
    pub(crate) closed_skipped: usize,
}

pub(crate) fn accounts(client: &Client, main_sid: &str, with_subaccounts: bool) -> Result<Accounts, ApiFailure> {
    let path = format!("/2010-04-01/Accounts.json?PageSize={PAGE_SIZE}");
    let all: Vec<Account> = list_all(
        client,
        &path,
        "accounts",
        "listing the accounts (Accounts.json)",
        &|_| true,
    )?;
    let mut listed: Vec<Account> = Vec::new();
    let mut closed_skipped = 0;
    let main = all
        .iter()
        .find(|a| a.sid == main_sid)
        .cloned()
        .unwrap_or_else(|| Account {
            sid: main_sid.to_string(),
            status: "active".into(),
        });
    listed.push(main);
    for account in all.into_iter().filter(|a| a.sid != main_sid) {
        if !with_subaccounts {
            continue;
        }
        if account.status.eq_ignore_ascii_case("closed") {
            closed_skipped += 1;
        } else {
            listed.push(account);
        }
    }
    Ok(Accounts { listed, closed_skipped })
}

/// One account's numbers, or why they could not be listed.
type AccountResult = Result<Vec<OwnedNumber>, ApiFailure>;

/// Every number of every account in `accounts`, in account order, each in
/// the order of its account's whole list.
pub(crate) fn numbers(
    client: &Client,
    accounts: &[Account],
    progress: &Progress,
) -> Result<Vec<OwnedNumber>, ApiFailure> {
    progress.accounts(accounts.len() as u64);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let results: Vec<Mutex<Option<AccountResult>>> = accounts.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL_ACCOUNTS.min(accounts.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= accounts.len() || stop.load(Ordering::SeqCst) {
                    break;
                }
                let result = one_account(client, &accounts[index].sid, progress, &stop);
                if result.is_err() {
                    stop.store(true, Ordering::SeqCst);
                } else {
                    progress.account_done();
                }
                if let Ok(mut slot) = results[index].lock() {
                    *slot = Some(result);
                }
            });
        }
    });
    let mut all = Vec::new();
    for slot in results {
        match slot.into_inner().ok().flatten() {
            Some(Ok(mut numbers)) => all.append(&mut numbers),
            Some(Err(failure)) => return Err(failure),
            // Not listed because another account failed: that failure is returned.
            None => {}
        }
    }
    Ok(all)
}

fn one_account(
    client: &Client,
    sid: &str,
    progress: &Progress,
    stop: &AtomicBool,
) -> Result<Vec<OwnedNumber>, ApiFailure> {
    let base = format!("/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers");
    let mut types: HashMap<String, NumberType> = HashMap::new();
    for (number_type, segment) in NumberType::SUB_LISTS {
        let what = format!("{sid} {segment}");
        let during = format!("listing the {segment} numbers of {sid}");
        let on_page = |count| {
            progress.page(&what, count);
            !stop.load(Ordering::SeqCst)
        };
        let listed: Vec<IncomingNumber> = list_all(
            client,
            &format!("{base}/{segment}.json?PageSize={PAGE_SIZE}"),
            "incoming_phone_numbers",
            &during,
            &on_page,
        )?;
        for number in listed {
            types.entry(number.sid).or_insert(number_type);
        }
    }
    let what = format!("{sid} all");
    let during = format!("listing the numbers of {sid}");
    let on_page = |count| {
        progress.page(&what, count);
        !stop.load(Ordering::SeqCst)
    };
    let all: Vec<IncomingNumber> = list_all(
        client,
        &format!("{base}.json?PageSize={PAGE_SIZE}"),
        "incoming_phone_numbers",
        &during,
        &on_page,
    )?;
    Ok(all
        .into_iter()
        .map(|number| {
            let number_type = types.get(&number.sid).copied().unwrap_or(NumberType::Other);
            OwnedNumber { number, number_type }
        })
        .collect())
}
