//! Serves N generated senders for measuring the extractor:
//! `cargo run --release -p tds-test-server --example serve -- 500000`
//! prints the port, then serves until killed (user `extractor`, password
//! `correct horse`, TLS offered).

fn main() {
    let rows: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(500_000);
    let fixture = format!(
        "CREATE TABLE TwilioMessage ([From] NVARCHAR(50) NOT NULL, DateSent DATETIME2 NULL);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
         INSERT INTO TwilioMessage SELECT printf('+1415%07d', i), printf('2026-%02d-%02d 10:11:12.3456789', i % 12 + 1, i % 28 + 1) FROM n;
         CREATE TABLE TwilioPhoneNumber (PhoneNumber NVARCHAR(20) NOT NULL, AspNetUserId NVARCHAR(450) NULL, Enabled BIT NOT NULL);
         INSERT INTO TwilioPhoneNumber SELECT [From], 'user-' || (rowid % 1000), rowid % 2 FROM TwilioMessage WHERE rowid % 2 = 0;
         CREATE TABLE AspNetUsers (Id NVARCHAR(450) NOT NULL, UserName NVARCHAR(256) NULL, Email NVARCHAR(256) NULL);
         WITH RECURSIVE u(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM u WHERE i < 999)
         INSERT INTO AspNetUsers SELECT 'user-' || i, 'user' || i, 'user' || i || '@example.com' FROM u;"
    );
    let server = tds_test_server::TestServer::start(tds_test_server::Config::new(&fixture));
    println!("{}", server.port);
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
