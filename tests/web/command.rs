//! `cognito-tui demo-site` as a person runs it: the real binary on a fresh machine (empty data
//! and config dirs) starts the local demo pool in-process and serves the site; SIGTERM stops it.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use cognito_tui::local_pool::demo::demo_users;

fn demo_site(dirs: &tempfile::TempDir, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cognito-tui"));
    cmd.arg("demo-site")
        .args(args)
        .env("COGNITO_TUI_DATA_DIR", dirs.path().join("data"))
        .env("COGNITO_TUI_CONFIG_DIR", dirs.path().join("config"))
        .env_remove("RUST_LOG");
    cmd
}

fn csrf_of(body: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = body.find(marker).unwrap() + marker.len();
    body[start..start + body[start..].find('"').unwrap()].to_string()
}

fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn demo_site_serves_the_local_demo_pool_offline() {
    let dirs = tempfile::tempdir().unwrap();
    let mut child = demo_site(&dirs, &["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let base = first
        .strip_prefix("demo site on ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the address first: {first}"))
        .to_string();
    assert!(first.contains("the local demo pool"), "{first}");
    let site_line = lines.next().unwrap().unwrap();
    assert!(site_line.starts_with("site data: "), "{site_line}");

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = http.get(format!("{base}/login")).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let cookie = form.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let cookie = cookie.split(';').next().unwrap().to_string();
    let body = form.text().await.unwrap();
    let (user, password) = demo_users().into_iter().next().unwrap();
    assert!(
        body.contains(&format!("<code>{user}</code>")),
        "demo users listed"
    );
    let signed_in = http
        .post(format!("{base}/login"))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={}&username={}&password={}",
            csrf_of(&body),
            enc(&user),
            enc(&password)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    assert_eq!(signed_in.headers()["location"], "/details");
    let session = signed_in.headers()["set-cookie"].to_str().unwrap();
    let session = session.split(';').next().unwrap().to_string();
    let details = http
        .get(format!("{base}/details"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(details.status(), 200);
    assert!(
        details
            .text()
            .await
            .unwrap()
            .contains(&format!("Signed in as {user}"))
    );

    // The site's database is private: it holds tokens.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let db = dirs.path().join("data/demo-site/local-demo/site.sqlite3");
        let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", db.display());
        let data = std::fs::read(&db).unwrap_or_default();
        let wal = std::fs::read(db.with_extension("sqlite3-wal")).unwrap_or_default();
        let needle = password.as_bytes();
        for bytes in [&data, &wal] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "the password is never stored"
            );
        }
    }

    // SIGTERM: a graceful stop.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(child.wait().unwrap().success());
    assert_eq!(rest.last().map(String::as_str), Some("demo site stopped"));
}

#[test]
fn bad_settings_and_unknown_profiles_are_refused_before_anything_starts() {
    let dirs = tempfile::tempdir().unwrap();
    let bad = dirs.path().join("site.toml");
    std::fs::write(&bad, "create_unknown_users = false\n").unwrap();
    let out = demo_site(&dirs, &["--port", "0", "--settings", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("site.toml") && err.contains("create_unknown_users"),
        "{err}"
    );

    let out = demo_site(&dirs, &["--port", "0", "--profile", "nope"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nope"), "{err}");

    let both = dirs.path().join("pool.toml");
    std::fs::write(
        &both,
        "cognito_user_pool_id = \"eu-west-1_X\"\ncognito_app_id = \"c\"\n",
    )
    .unwrap();
    let out = demo_site(
        &dirs,
        &["--settings", both.to_str().unwrap(), "--profile", "dev"],
    )
    .output()
    .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("give only one"), "{err}");
}
