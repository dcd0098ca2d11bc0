//! Which credential keys are secret, so that no answer (a source's or a destination's
//! `connection_details`) ever echoes them.

use census_core::models::JsonObject;

/// True for credential keys that must never be echoed back in `connection_details`.
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    const EXACT: &[&str] = &[
        "token",
        "secret",
        "api_key",
        "service_account_key",
        "credentials_json",
    ];
    EXACT.contains(&key.as_str())
        || key.contains("password")
        || key.contains("secret")
        || key.contains("private_key")
        || key.contains("passphrase")
        || key.ends_with("_token")
}

/// `credentials` without its secret keys: what a destination shows as `connection_details`.
pub fn without_secrets(credentials: &JsonObject) -> JsonObject {
    credentials
        .iter()
        .filter(|(key, _)| !is_secret_key(key))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}
