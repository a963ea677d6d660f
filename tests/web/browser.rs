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
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
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

/// The element with `id`, once the page has it.
async fn wait_for(browser: &Client, id: &str) -> Element {
    browser.wait().for_element(Locator::Id(id)).await.unwrap()
}

async fn click(browser: &Client, id: &str) {
    browser
        .find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn type_into(browser: &Client, id: &str, text: &str) {
    let field = browser.find(Locator::Id(id)).await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn text_of(browser: &Client, locator: Locator<'_>) -> String {
    browser.find(locator).await.unwrap().text().await.unwrap()
}

/// True when the browser's page is at `path`.
async fn at(browser: &Client, path: &str) -> bool {
    browser
        .current_url()
        .await
        .unwrap()
        .as_str()
        .ends_with(path)
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
    wait_for(&browser, "sign-in").await;
    assert!(at(&browser, "/login").await);
    type_into(&browser, "username", &username).await;
    type_into(&browser, "password", &password).await;
    click(&browser, "sign-in").await;

    let attributes = wait_for(&browser, "attributes").await;
    assert!(at(&browser, "/details").await);
    let text = attributes.text().await.unwrap();
    assert!(text.contains("given_name Alice"), "{text}");
    assert_eq!(
        text_of(&browser, Locator::Css("h1")).await,
        "Signed in as alice"
    );
    let groups = text_of(&browser, Locator::Id("groups")).await;
    assert!(groups.contains("admins"), "{groups}");

    browser.goto(&format!("{base}/profile")).await.unwrap();
    let field = wait_for(&browser, "field-first_name").await;
    field.clear().await.unwrap();
    field.send_keys("Alicia").await.unwrap();
    click(&browser, "save").await;
    let text = wait_for(&browser, "attributes").await.text().await.unwrap();
    assert!(text.contains("given_name Alicia"), "{text}");
    assert_eq!(
        text_of(&browser, Locator::Css(".flash")).await,
        "Profile saved."
    );

    click(&browser, "logout").await;
    wait_for(&browser, "sign-in").await;
    let flash = text_of(&browser, Locator::Css(".flash")).await;
    assert!(flash.starts_with("Signed out"), "{flash}");
    // Signed out for real: the details page sends the browser back to the login form.
    browser.goto(&format!("{base}/details")).await.unwrap();
    wait_for(&browser, "sign-in").await;
    assert!(at(&browser, "/login").await);

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
