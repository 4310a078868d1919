"""The SOP's way, for scripts/bench to time against `phone-inventory report`:
pandas reads the three CSVs, normalises every phone to E.164, joins them,
categorises, prices and ages every number and writes the two report CSVs.

It does the report's work the way an analyst would write it in pandas
(vectorised where pandas is; a row-wise apply where the rule needs one;
pyahocorasick for the user names, since a regex of thousands of names or a
loop over them per number would take minutes). Its output is not compared
byte for byte: it stands in for the SOP's script in timings only.

    python3 scripts/bench-sop.py NUMBERS STATS ASSIGNMENTS AS_OF OUT_DIR
"""

import os
import re
import sys

import ahocorasick
import pandas as pd

numbers_path, stats_path, assignments_path, as_of, out_dir = sys.argv[1:6]
as_of = pd.Timestamp(as_of, tz="UTC")

PREFIX = re.compile(r"^(whatsapp|sms|mms|tel):", re.IGNORECASE)
TOLL_FREE = {"800", "833", "844", "855", "866", "877", "888"}


def e164(raw):
    value = PREFIX.sub("", str(raw).strip()).strip()
    digits = "".join(c for c in value if c.isdigit())
    if value.startswith("+"):
        pass
    elif digits.startswith("00"):
        digits = digits[2:]
    elif len(digits) == 10:
        digits = "1" + digits
    elif not (len(digits) == 11 and digits.startswith("1")):
        return None
    return "+" + digits if 8 <= len(digits) <= 15 else None


def display(phone):
    if phone.startswith("+1") and len(phone) == 12:
        return f"+1 ({phone[2:5]}) {phone[5:8]}-{phone[8:]}"
    return f"{phone[:3]} {phone[3:]}"


def header(frame, *names):
    """The first of `names` the frame has, ignoring case, spaces and underscores."""
    key = lambda s: re.sub(r"[\s_]", "", s).lower()
    wanted = {key(n) for n in names}
    return next(c for c in frame.columns if key(c) in wanted)


numbers = pd.read_csv(numbers_path, dtype=str, keep_default_na=False)
stats = pd.read_csv(stats_path, dtype=str, keep_default_na=False)
assignments = pd.read_csv(assignments_path, dtype=str, keep_default_na=False)

numbers["E164"] = numbers[header(numbers, "PhoneNumber", "Number")].map(e164)
numbers = numbers.dropna(subset=["E164"]).drop_duplicates("E164")
numbers["FriendlyName"] = numbers[header(numbers, "FriendlyName")].str.strip()
numbers["DateCreated"] = pd.to_datetime(
    numbers[header(numbers, "DateCreated")], utc=True, errors="coerce"
)

stats["E164"] = stats["From"].map(e164)
stats["MessageCount"] = pd.to_numeric(stats["MessageCount"], errors="coerce")
stats["LastDateSent"] = pd.to_datetime(stats["LastDateSent"], utc=True, errors="coerce")
usage = stats.groupby("E164").agg(TotalMessages=("MessageCount", "sum"), LastActivity=("LastDateSent", "max"))

assignments["E164"] = assignments["PhoneNumber"].map(e164)
assignments["Enabled"] = ~assignments["Enabled"].str.lower().isin(["0", "false", "no"])
assignments["User"] = assignments["UserName"].where(assignments["UserName"] != "", assignments["Email"])
held = assignments.groupby("E164").agg(
    Assigned_User=("User", lambda users: "; ".join(dict.fromkeys(users))), Enabled=("Enabled", "any")
)

users = ahocorasick.Automaton()
for index, (user_name, email, user) in enumerate(zip(assignments["UserName"], assignments["Email"], assignments["User"])):
    local = email.split("@")[0]
    for name in (user_name, local if len(local) >= 3 else email):
        if len(name) >= 3 and name.lower() not in users:
            users.add_word(name.lower(), (index, user))
users.make_automaton()
PERSON = re.compile(r"^[A-Z][a-z]+( [A-Z][a-z]+){1,2}$")
ADP = re.compile(r"(?<![^\W_])adp(?![^\W_])", re.IGNORECASE)


def categorise(name):
    lower = name.lower()
    for text, category in (("delivery farm", "Delivery Farm Pool"), ("sms farm", "SMS Farm Pool"),
                           ("number farm", "Number Farm Pool")):
        if text in lower:
            return category, ""
    matches = [value for _, value in users.iter(lower)]
    if matches:
        return "User Assigned", min(matches)[1]
    if PERSON.match(name):
        return "User Assigned", name
    if ADP.search(name):
        return "ADP System", ""
    return "Other/System", ""


report = numbers.join(usage, on="E164").join(held, on="E164")
decided = report["FriendlyName"].map(categorise)
report["Category"] = decided.str[0]
report["Assigned_User"] = report["Assigned_User"].fillna(decided.str[1])
report["Monthly_Cost"] = report["E164"].map(lambda p: 2.15 if p[:2] == "+1" and p[2:5] in TOLL_FREE else 1.15)
report["TotalMessages"] = report["TotalMessages"].fillna(0).astype("int64")
days = (as_of.normalize() - report["LastActivity"].dt.normalize()).dt.days
report["DaysSinceLastActivity"] = days
status = pd.cut(
    days, [-10**9, 30, 90, 365, 10**9], labels=["ACTIVE (30 days)", "RECENT (90 days)", "STALE (1 year)", "DORMANT (>1 year)"]
).astype(object)
report["UsageStatus"] = status.where(status.notna(), "NEVER USED")
report["IsAssignedInDB"] = report["Enabled"].notna().map({True: "Yes", False: "No"})
enabled = report["Enabled"].fillna(False).astype(bool)
unused = report["UsageStatus"].isin(["NEVER USED", "DORMANT (>1 year)"])
report["Recommendation"] = "KEEP"
report.loc[unused | (report["UsageStatus"] == "STALE (1 year)"), "Recommendation"] = "REVIEW"
report.loc[unused & ~enabled, "Recommendation"] = "RELEASE"
report["Phone"] = report["E164"].map(display)
report["DateCreated"] = report["DateCreated"].dt.strftime("%m-%d-%Y")
report["LastActivity"] = report["LastActivity"].dt.strftime("%m-%d-%Y")

order = ["Delivery Farm Pool", "SMS Farm Pool", "Number Farm Pool", "User Assigned", "ADP System", "Other/System"]
report["CategoryOrder"] = report["Category"].map(order.index)
inventory = report.sort_values(["CategoryOrder", "E164"])
inventory[["Phone", "FriendlyName", "Category", "Assigned_User", "DateCreated", "Monthly_Cost", "TotalMessages",
           "LastActivity", "UsageStatus", "IsAssignedInDB"]].to_csv(
    os.path.join(out_dir, "Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv"), index=False, encoding="utf-8-sig",
    lineterminator="\r\n")
statuses = ["NEVER USED", "DORMANT (>1 year)", "STALE (1 year)", "RECENT (90 days)", "ACTIVE (30 days)"]
report["StatusOrder"] = report["UsageStatus"].map(statuses.index)
assessment = report.sort_values(["StatusOrder", "Monthly_Cost", "E164"], ascending=[True, False, True])
assessment[["Phone", "FriendlyName", "Category", "Assigned_User", "IsAssignedInDB", "TotalMessages", "LastActivity",
            "DaysSinceLastActivity", "UsageStatus", "Monthly_Cost", "Recommendation"]].to_csv(
    os.path.join(out_dir, "Twilio_Phone_Usage_Assessment_v1.csv"), index=False, encoding="utf-8-sig",
    lineterminator="\r\n")
print(f"{len(report)} numbers")
