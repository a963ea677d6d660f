//! Importing users from the operator face: the file is checked row by row first (nothing
//! changes), then applied exactly as checked; a second run changes nothing.

use crate::face_support::run_loads;
use crate::operator::{click, find, get, groups_of, open_face, snap};
use crate::support::*;
use crate::tools_support::{runtime, start_pool};

use cognito_tui::local_pool::demo::DEMO_POOL_ID;
use crossterm::event::KeyCode;

const FILE: &str = r#"{"Username":"alice","Attributes":{"given_name":"Alicia"},"Groups":["admins","developers"]}
{"Username":"frank","Attributes":{"email":"frank@example.com","custom:team":"qa"},"Groups":["developers"]}
{"Username":"","Attributes":{}}
"#;

fn given_name(
    output: &aws_sdk_cognitoidentityprovider::operation::admin_get_user::AdminGetUserOutput,
) -> Option<String> {
    output
        .user_attributes()
        .iter()
        .find(|a| a.name() == "given_name")
        .and_then(|a| a.value().map(str::to_string))
}

/// Replaces the import form's file with `path`.
fn choose_file(app: &mut cognito_tui::tui::app::App, path: &str) {
    for _ in 0.."users-us-east-1_DemoPool1.csv".len() {
        press(app, KeyCode::Backspace);
    }
    type_text(app, path);
}

#[test]
fn a_file_is_checked_then_applied_and_a_second_run_changes_nothing() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = start_pool(&runtime, dir.path());
    let url = pool.0.url().to_string();
    let mut app = open_face(&runtime, pool);
    let file = dir.path().join("team.jsonl");
    std::fs::write(&file, FILE).unwrap();

    press(&mut app, KeyCode::Char('i'));
    snap("operator_import_form", &app);
    choose_file(&mut app, file.to_str().unwrap());
    ctrl(&mut app, 'g');
    assert!(screen(&app, 80, 24).contains("one generated for each"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1, "the check");
    snap("operator_import_checked", &app);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Check of team.jsonl"), "{text}");
    assert!(
        text.contains("line 1  alice  would be updated: given_name"),
        "{text}"
    );
    assert!(
        text.contains("line 2  frank  would be created in developers"),
        "{text}"
    );
    assert!(
        text.contains("line 3, column Username: a non-empty string is needed"),
        "{text}"
    );
    assert!(text.contains("3 rows: 2 checked, 1 failed (dry run: nothing changed)"));
    // Nothing changed yet.
    assert_eq!(
        given_name(&get(&runtime, &url, "alice")).as_deref(),
        Some("Alice")
    );
    assert!(
        runtime
            .block_on(
                crate::operator::admin(&url)
                    .admin_get_user()
                    .user_pool_id(DEMO_POOL_ID)
                    .username("frank")
                    .send()
            )
            .is_err(),
        "frank is not created by the check"
    );

    // Rows answer the mouse like the other lists: a click selects the row under it.
    let at = find(&app, "line 2  frank");
    click(&mut app, at);
    assert!(screen(&app, 80, 24).contains("› line 2  frank"));

    // Apply: exactly the rows checked; the generated password is listed to hand over.
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1, "the import");
    let text = screen(&app, 80, 24);
    assert!(text.contains("Import of team.jsonl"), "{text}");
    assert!(
        text.contains("line 1  alice  updated: given_name"),
        "{text}"
    );
    assert!(
        text.contains("line 2  frank  created in developers; password "),
        "{text}"
    );
    assert!(text.contains("3 rows: 2 applied, 1 failed"), "{text}");
    assert_eq!(
        given_name(&get(&runtime, &url, "alice")).as_deref(),
        Some("Alicia")
    );
    let frank = get(&runtime, &url, "frank");
    assert_eq!(
        frank.user_status().map(|s| s.as_str()),
        Some("FORCE_CHANGE_PASSWORD")
    );
    assert_eq!(groups_of(&runtime, &url, "frank"), vec!["developers"]);
    // Enter again does not import twice.
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 0);

    // Esc closes and the users are read again: frank is listed.
    press(&mut app, KeyCode::Esc);
    assert_eq!(run_loads(&mut app, &runtime), 1, "the users read again");
    assert!(screen(&app, 80, 24).contains("frank"));

    // A second check finds nothing to do.
    press(&mut app, KeyCode::Char('i'));
    choose_file(&mut app, file.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    let text = screen(&app, 80, 24);
    assert!(text.contains("line 1  alice  unchanged"), "{text}");
    assert!(text.contains("line 2  frank  unchanged"), "{text}");
    // Esc after a check goes back to the file, as typed.
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app, 80, 24).contains("team.jsonl"));
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app, 80, 24).contains("Users and groups"));
}

#[test]
fn a_file_that_cannot_be_read_is_said_in_the_form_and_nothing_is_imported() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open_face(&runtime, start_pool(&runtime, dir.path()));
    press(&mut app, KeyCode::Char('i'));
    let missing = dir.path().join("nope.csv");
    choose_file(&mut app, missing.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        run_loads(&mut app, &runtime),
        1,
        "the file is read by the worker, not on the UI thread"
    );
    let text = screen(&app, 80, 24);
    assert!(text.contains("Cannot read"), "{text}");
    assert!(text.contains("Import users"), "still the form: {text}");
    assert!(text.contains("nope.csv"), "the path typed is kept: {text}");

    // Permanent passwords need one typed or generated.
    std::fs::write(&missing, "cognito:username,email\nzoe,zoe@example.com\n").unwrap();
    ctrl(&mut app, 't');
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 0);
    assert!(screen(&app, 80, 24).contains("Permanent passwords must be typed"));
    // Typed: one password for every new user, CONFIRMED at once.
    type_text(&mut app, "Zoe-Import-2024!");
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    assert!(screen(&app, 80, 24).contains("line 2  zoe  would be created"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    let text = screen(&app, 80, 24);
    assert!(text.contains("line 2  zoe  created"), "{text}");
    assert!(
        !text.contains("Zoe-Import-2024!"),
        "a typed password is never shown"
    );
}
