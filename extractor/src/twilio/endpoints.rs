//! Where requests go: `https://api.twilio.com` (the 2010 REST API) and
//! `https://pricing.twilio.com` (Pricing v1), both replaced, paths kept, by
//! `PHONE_INVENTORY_TWILIO_URL` (a regional edge, a proxy, the tests' stand-in).
//! A plain-HTTP base is refused unless it is a loopback address, so the
//! credentials never cross a network unencrypted.

use super::failure::bad;
use crate::Failure;

pub(crate) const BASE_URL_VARIABLE: &str = "PHONE_INVENTORY_TWILIO_URL";

pub(crate) struct Endpoints {
    api: String,
    pricing: String,
    loopback: bool,
}

impl Endpoints {
    pub(crate) fn from_env() -> Result<Endpoints, Failure> {
        match std::env::var(BASE_URL_VARIABLE) {
            Err(_) => Ok(Endpoints {
                api: "https://api.twilio.com".into(),
                pricing: "https://pricing.twilio.com".into(),
                loopback: false,
            }),
            Ok(base) => Endpoints::from_base(&base),
        }
    }

    fn from_base(raw: &str) -> Result<Endpoints, Failure> {
        let base = raw.trim().trim_end_matches('/');
        let (scheme, rest) = base.split_once("://").ok_or_else(|| {
            bad(format!(
                "{BASE_URL_VARIABLE} `{base}` is not a URL: write it like https://api.dublin.ie1.twilio.com"
            ))
        })?;
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() || authority.contains('@') {
            return Err(bad(format!(
                "{BASE_URL_VARIABLE} needs a host and no user name or password in it"
            )));
        }
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => authority.split(':').next().unwrap_or_default(),
        };
        let loopback =
            host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        match scheme.to_ascii_lowercase().as_str() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(bad(format!(
                    "{BASE_URL_VARIABLE} `{base}` is plain HTTP: use https:// (plain HTTP only on a loopback address)"
                )))
            }
            _ => return Err(bad(format!("{BASE_URL_VARIABLE} `{base}` must start with https://"))),
        }
        Ok(Endpoints {
            api: base.to_string(),
            pricing: base.to_string(),
            loopback,
        })
    }

    /// A URL on the REST API host; `path` starts with `/` (as `next_page_uri` does).
    pub(crate) fn api(&self, path: &str) -> String {
        format!("{}{path}", self.api)
    }

    /// A URL on the Pricing API host.
    pub(crate) fn pricing(&self, path: &str) -> String {
        format!("{}{path}", self.pricing)
    }

    pub(crate) fn is_loopback(&self) -> bool {
        self.loopback
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_on_loopback() {
        assert!(Endpoints::from_base("http://127.0.0.1:8080/").is_ok_and(|e| e.api("/x") == "http://127.0.0.1:8080/x"));
        assert!(Endpoints::from_base("http://[::1]:80").is_ok());
        assert!(Endpoints::from_base("http://localhost:9").is_ok());
        assert!(Endpoints::from_base("https://proxy.example/twilio")
            .is_ok_and(|e| e.pricing("/v1") == "https://proxy.example/twilio/v1"));
        for refused in [
            "http://api.twilio.com",
            "http://10.0.0.1",
            "ftp://x",
            "api.twilio.com",
            "https://u:p@host",
        ] {
            assert!(Endpoints::from_base(refused).is_err(), "{refused}");
        }
    }
}
