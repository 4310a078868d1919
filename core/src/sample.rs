//! Realistic sample inputs of any size, deterministic by seed and anchor date:
//! the demo, the tests and the benchmarks all use them.
//!
//! They carry what real exports carry: farm pools, user names, ADP lines,
//! Twilio's default friendly names, ~3% toll-free, `whatsapp:` senders, numbers
//! no longer in the account, NULL dates, mixed phone formats, disabled rows
//! and a number with two users.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::cell::quote;
use crate::input::{load, Inputs, ASSIGNMENTS_FILE, NUMBERS_FILE, STATS_FILE};

/// The three inputs as the extractor and the Twilio Console would write them.
pub struct SampleFiles {
    pub numbers: Vec<u8>,
    pub message_stats: Vec<u8>,
    pub assignments: Vec<u8>,
}

impl SampleFiles {
    /// The three files read as inputs, under their usual file names.
    pub fn into_inputs(self) -> Inputs {
        let mut inputs = Inputs::default();
        let files = [
            (NUMBERS_FILE, self.numbers),
            (STATS_FILE, self.message_stats),
            (ASSIGNMENTS_FILE, self.assignments),
        ];
        for (name, bytes) in files {
            // Generated files always have their header: only a bug could fail here.
            inputs.put(load(name, bytes).expect("generated inputs are readable"));
        }
        inputs
    }
}

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const AREA_CODES: [&str; 24] = [
    "201", "212", "213", "305", "312", "404", "415", "469", "503", "512", "602", "617", "646", "702", "713", "718",
    "720", "737", "786", "818", "917", "949", "971", "972",
];
const TOLL_FREE: [&str; 7] = ["800", "833", "844", "855", "866", "877", "888"];
const FIRST: [&str; 16] = [
    "Jane", "John", "Mary", "José", "Aisha", "Wei", "Olga", "Liam", "Noah", "Emma", "Chloé", "Raj", "Sofia", "Marcus",
    "Hana", "Pedro",
];
const LAST: [&str; 16] = [
    "Doe",
    "Smith",
    "Martínez",
    "Khan",
    "Chen",
    "Petrova",
    "Brown",
    "Garcia",
    "Nguyen",
    "Okafor",
    "Dubois",
    "Patel",
    "Rossi",
    "Lee",
    "Sato",
    "Silva",
];
const OTHER_NAMES: [&str; 8] = [
    "Main IVR",
    "support line",
    "Sales, West",
    "Ops pager",
    "Roadpath dispatch",
    "ADPX test",
    "=cmd|' /C calc'!A0",
    "Marketing \"Spring\" promo",
];

struct User {
    id: String,
    user_name: String,
    email: String,
    full_name: String,
}

fn make_users(rng: &mut Rng, count: usize) -> Vec<User> {
    (0..count)
        .map(|i| {
            let (first, last) = (FIRST[i % FIRST.len()], LAST[(i / FIRST.len() + i) % LAST.len()]);
            let ascii = |s: &str| s.to_lowercase().replace('é', "e").replace('í', "i");
            User {
                id: format!(
                    "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                    rng.next() as u32,
                    rng.below(1 << 16),
                    rng.below(4096),
                    rng.below(4096),
                    rng.next() >> 16
                ),
                user_name: format!("{}{}{}", &ascii(first)[..1], ascii(last), i),
                email: format!("{}.{}{}@example.com", ascii(first), ascii(last), i),
                full_name: format!("{first} {last}"),
            }
        })
        .collect()
}

fn rfc2822(at: NaiveDateTime) -> String {
    at.format("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

fn random_time(rng: &mut Rng, day: NaiveDate) -> NaiveDateTime {
    let seconds = rng.below(86_400) as u32;
    NaiveDateTime::new(
        day,
        NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).unwrap_or_default(),
    )
}

fn days_before(anchor: NaiveDate, days: u64) -> NaiveDate {
    anchor - Duration::days(days as i64)
}

/// The local digits of number `index`: unique for every index below 8 million per area code.
fn local_digits(index: usize) -> u64 {
    (index / AREA_CODES.len()) as u64 * 7919 % 8_000_000 + 2_000_000
}

fn row(out: &mut Vec<u8>, cells: &[&str]) {
    let quoted: Vec<_> = cells.iter().map(|c| quote(c)).collect();
    out.extend_from_slice(quoted.join(",").as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// Generates `numbers` numbers with message stats (≈ numbers) and
/// assignments (≈ numbers / 2), with dates relative to `anchor`.
pub fn generate_sample(numbers: usize, seed: u64, anchor: NaiveDate) -> SampleFiles {
    let mut rng = Rng(seed ^ 0x5EED);
    // About ten numbers per user: assignments ≈ numbers / 2, and users hold several.
    let users = make_users(&mut rng, (numbers / 10).max(2));
    let mut numbers_csv = Vec::with_capacity(numbers * 260);
    let mut stats_csv = Vec::with_capacity(numbers * 50);
    let mut assign_csv = Vec::with_capacity(numbers * 60);
    row(
        &mut numbers_csv,
        &[
            "sid",
            "account_sid",
            "friendly_name",
            "phone_number",
            "voice_url",
            "sms_url",
            "status",
            "date_created",
            "date_updated",
            "capabilities",
        ],
    );
    row(&mut stats_csv, &["From", "MessageCount", "LastDateSent"]);
    row(
        &mut assign_csv,
        &["PhoneNumber", "AspNetUserId", "Enabled", "UserName", "Email"],
    );
    let account = format!("AC{:016x}{:016x}", rng.next(), rng.next());
    let mut previous = String::new();
    let mut next_user = 0usize;
    for i in 0..numbers {
        let area = if rng.chance(3) {
            rng.pick(&TOLL_FREE)
        } else {
            AREA_CODES[i % AREA_CODES.len()]
        };
        let local = local_digits(i);
        let mut e164 = if rng.below(100) == 0 && area != "800" {
            format!("+4420{:08}", i as u64 * 7919 % 100_000_000)
        } else {
            format!("+1{area}{local:07}")
        };
        // A few duplicated rows, as a re-run export gives.
        if i % 499 == 498 {
            e164 = previous.clone();
        }
        let kind = rng.below(100);
        let user = &users[rng.below(users.len() as u64) as usize];
        let friendly = match kind {
            0..=24 => format!("Delivery Farm Pool {}", rng.below(40)),
            25..=34 => format!("SMS Farm {}", rng.below(12)),
            35..=44 => format!("Number Farm - West {}", rng.below(9)),
            45..=54 => user.full_name.clone(),
            55..=62 => format!("{} desk", user.user_name),
            63..=65 => rng.pick(&["ADP Payroll", "ADP_Sync", "adp timeclock"]).to_string(),
            66..=89 => twilio_default_name(&e164),
            _ => rng.pick(&OTHER_NAMES).to_string(),
        };
        let created_day = days_before(anchor, 30 + rng.below(9 * 365));
        let created = random_time(&mut rng, created_day);
        let updated = created + Duration::days(rng.below(400) as i64);
        let sid = format!("PN{:016x}{:016x}", rng.next(), rng.next());
        let hook = "https://example.com/twilio/sms";
        row(
            &mut numbers_csv,
            &[
                &sid,
                &account,
                &friendly,
                &e164,
                "",
                hook,
                "in-use",
                &rfc2822(created),
                &rfc2822(updated),
                "{\"voice\": true, \"sms\": true, \"mms\": false}",
            ],
        );

        if rng.chance(88) {
            stats_row(&mut rng, &mut stats_csv, &e164, anchor);
            if rng.chance(5) {
                stats_row(&mut rng, &mut stats_csv, &format!("whatsapp:{e164}"), anchor);
            }
        }
        if rng.chance(3) {
            let gone = format!(
                "+1{}{:07}",
                AREA_CODES[(i + 7) % AREA_CODES.len()],
                9_000_000 + i as u64 % 999_999
            );
            stats_row(&mut rng, &mut stats_csv, &gone, anchor);
        }
        if (45..=62).contains(&kind) || rng.chance(35) {
            let holder = if (45..=62).contains(&kind) {
                user
            } else {
                &users[next_user % users.len()]
            };
            next_user += 1;
            let enabled = if rng.chance(90) { "1" } else { "0" };
            let shown = mixed_format(&mut rng, &e164);
            row(
                &mut assign_csv,
                &[&shown, &holder.id, enabled, &holder.user_name, &holder.email],
            );
        }
        if i == 5 {
            // One number shared by two users.
            for holder in [&users[0], &users[1]] {
                row(
                    &mut assign_csv,
                    &[&e164, &holder.id, "1", &holder.user_name, &holder.email],
                );
            }
        }
        // One damaged value in each optional file, as real exports have.
        if i == 10 {
            row(
                &mut assign_csv,
                &["555-0134", &users[1].id, "1", &users[1].user_name, &users[1].email],
            );
        }
        if i == 20 {
            row(&mut stats_csv, &["1.41555E+10", "12", ""]);
        }
        if i % 997 == 3 {
            let gone = format!(
                "+1{}{:07}",
                AREA_CODES[i % AREA_CODES.len()],
                1_000_000 + i as u64 % 999_999
            );
            row(
                &mut assign_csv,
                &[&gone, &users[0].id, "1", &users[0].user_name, &users[0].email],
            );
        }
        previous = e164;
    }
    SampleFiles {
        numbers: numbers_csv,
        message_stats: stats_csv,
        assignments: assign_csv,
    }
}

fn stats_row(rng: &mut Rng, out: &mut Vec<u8>, from: &str, anchor: NaiveDate) {
    let count = 1 + rng.below(10) * rng.below(500);
    let age = match rng.below(100) {
        0..=39 => Some(rng.below(31)),
        40..=54 => Some(31 + rng.below(60)),
        55..=69 => Some(91 + rng.below(275)),
        70..=89 => Some(366 + rng.below(1500)),
        _ => None,
    };
    let last = age.map(|days| {
        let day = days_before(anchor, days);
        let at = random_time(rng, day);
        format!("{}.{:03}", at.format("%Y-%m-%dT%H:%M:%S"), rng.below(1000))
    });
    row(out, &[from, &count.to_string(), last.as_deref().unwrap_or("")]);
}

/// Twilio's default friendly name: the national format of the number.
fn twilio_default_name(e164: &str) -> String {
    let d = &e164[2..];
    if e164.starts_with("+1") && d.len() == 10 {
        format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..])
    } else {
        e164.to_string()
    }
}

/// The same number as people type it into the database.
fn mixed_format(rng: &mut Rng, e164: &str) -> String {
    if !e164.starts_with("+1") {
        return e164.to_string();
    }
    let d = &e164[2..];
    match rng.below(5) {
        0 => e164.to_string(),
        1 => d.to_string(),
        2 => format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..]),
        3 => format!("1-{}-{}-{}", &d[..3], &d[3..6], &d[6..]),
        _ => format!("{}.{}.{}", &d[..3], &d[3..6], &d[6..]),
    }
}
