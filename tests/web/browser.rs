//! A real headless browser against the demo site: Debian's Chromium driven over WebDriver
//! (chromedriver) by fantoccini. Signs in as a demo user, sees the details page, updates
//! given_name, signs out. Skipped without a browser unless COGNITO_TUI_REQUIRE_BROWSER=1 (set by
//! `.ci/run`, which installs chromium and chromium-driver).

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID, demo_users};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use cognito_tui::service::Settings;
use cognito_tui::service::account::Account;
use cognito_tui::web::site::{self, SiteOptions};
use cognito_tui::web::{CognitoBackend, UserRules, WebDb};
use fantoccini::{ClientBuilder, Locator};
use serde_json::json;

fn program(env: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    path.exists().then_some(path)
}

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(chromedriver: &PathBuf) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        // It says so on standard output once it listens.
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let ready = lines.any(|line| line.is_ok_and(|l| l.contains("started successfully")));
        assert!(ready, "chromedriver did not start");
        Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_signs_in_updates_the_profile_and_signs_out_in_chromium() {
    let required = std::env::var("COGNITO_TUI_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let (Some(chromium), Some(chromedriver)) = (
        program("COGNITO_TUI_CHROMIUM", "/usr/bin/chromium"),
        program("COGNITO_TUI_CHROMEDRIVER", "/usr/bin/chromedriver"),
    ) else {
        assert!(
            !required,
            "chromium and chromedriver are required (COGNITO_TUI_REQUIRE_BROWSER=1)"
        );
        eprintln!("skipped: no chromium / chromedriver (apt-get install chromium chromium-driver)");
        return;
    };

    // The demo pool, in process, and the site on it, both on loopback.
    let dir = tempfile::tempdir().unwrap();
    let pool = LocalPool::start(LocalPoolConfig::ephemeral(dir.path().join("pool")))
        .await
        .unwrap();
    let mut settings = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
    settings.endpoint_url = Some(pool.url().to_string());
    let backend = CognitoBackend::with_account(
        Account::new(settings).await.unwrap(),
        UserRules::default(),
        WebDb::open(&dir.path().join("site")).unwrap(),
    );
    let app = site::router(
        backend,
        SiteOptions {
            pool_label: "the local demo pool".into(),
            demo_users: demo_users(),
            ..SiteOptions::default()
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let driver = tokio::task::spawn_blocking(move || Driver::start(&chromedriver))
        .await
        .unwrap();
    let profile_dir = tempfile::tempdir().unwrap();
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                format!("--user-data-dir={}", profile_dir.path().display()),
            ],
        },
    });
    let browser = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities.as_object().unwrap().clone())
        .connect(&driver.url)
        .await
        .expect("a browser session");

    let (username, password) = demo_users()
        .into_iter()
        .find(|(u, _)| u == "alice")
        .unwrap();
    browser.goto(&format!("{base}/")).await.unwrap();
    browser
        .wait()
        .for_element(Locator::Id("sign-in"))
        .await
        .unwrap();
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/login")
    );
    browser
        .find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys(&username)
        .await
        .unwrap();
    browser
        .find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(&password)
        .await
        .unwrap();
    browser
        .find(Locator::Id("sign-in"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    let attributes = browser
        .wait()
        .for_element(Locator::Id("attributes"))
        .await
        .unwrap();
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/details")
    );
    let text = attributes.text().await.unwrap();
    assert!(text.contains("given_name Alice"), "{text}");
    let heading = browser
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "Signed in as alice");
    let groups = browser
        .find(Locator::Id("groups"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(groups.contains("admins"), "{groups}");

    browser.goto(&format!("{base}/profile")).await.unwrap();
    let field = browser
        .wait()
        .for_element(Locator::Id("field-first_name"))
        .await
        .unwrap();
    field.clear().await.unwrap();
    field.send_keys("Alicia").await.unwrap();
    browser
        .find(Locator::Id("save"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let attributes = browser
        .wait()
        .for_element(Locator::Id("attributes"))
        .await
        .unwrap();
    let text = attributes.text().await.unwrap();
    assert!(text.contains("given_name Alicia"), "{text}");
    let flash = browser
        .find(Locator::Css(".flash"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(flash, "Profile saved.");

    browser
        .find(Locator::Id("logout"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait()
        .for_element(Locator::Id("sign-in"))
        .await
        .unwrap();
    let flash = browser
        .find(Locator::Css(".flash"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(flash.starts_with("Signed out"), "{flash}");
    // Signed out for real: the details page sends the browser back to the login form.
    browser.goto(&format!("{base}/details")).await.unwrap();
    browser
        .wait()
        .for_element(Locator::Id("sign-in"))
        .await
        .unwrap();
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/login")
    );

    browser.close().await.unwrap();
    drop(driver);
    server.abort();
    // The change reached the pool itself.
    let admin = crate::common::TestPool::admin_client_for(pool.url());
    let alice = admin
        .admin_get_user()
        .user_pool_id(DEMO_POOL_ID)
        .username("alice")
        .send()
        .await
        .unwrap();
    let given = alice
        .user_attributes()
        .iter()
        .find(|a| a.name() == "given_name")
        .and_then(|a| a.value());
    assert_eq!(given, Some("Alicia"));
}
