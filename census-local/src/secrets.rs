//! Which credential keys are secret, so that no answer (a source's `connection_details`) ever
//! echoes them.

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
