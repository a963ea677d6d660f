//! ListUsers against a naive scan of 2,000 users; page timings with 100,000 (ignored).

use std::collections::BTreeMap;
use std::time::Instant;

use super::*;
use crate::local_pool::db::Db;
use crate::local_pool::model::{PoolSettings, UsernameConfiguration, full_schema};
use crate::local_pool::srp_server::StoredVerifier;

fn pool(case_sensitive: bool) -> Pool {
    let settings = PoolSettings {
        username_configuration: Some(UsernameConfiguration { case_sensitive }),
        schema_attributes: full_schema(Vec::new()).unwrap(),
        ..PoolSettings::default()
    };
    Pool {
        id: format!("us-east-1_list{}", u8::from(case_sensitive)),
        name: "list test".into(),
        settings,
        created: 0,
        modified: 0,
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

const STEMS: &[&str] = &[
    "ann",
    "Ann",
    "ANNA",
    "bob",
    "Bob",
    "zoë",
    "Zoë",
    "ZOË",
    "émile",
    "Émile",
    "東京",
    "ǅemal",
    "a",
    "ab",
    "abc",
    "x\u{10FFFF}y",
    "\u{10FFFF}",
    "",
];

fn user(g: &mut Gen, pool: &Pool, i: usize) -> User {
    let username = format!("{}{i}", g.pick(&STEMS[..STEMS.len() - 1]));
    let sub = format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        g.next() as u32,
        g.next() as u16,
        g.next() % 0x1000,
        g.next() % 0x1000,
        g.next() % 0x1_0000_0000_0000
    );
    let mut attributes = BTreeMap::new();
    for name in [
        "email",
        "given_name",
        "family_name",
        "name",
        "preferred_username",
    ] {
        match g.next() % 5 {
            0 => {}
            1 => {
                attributes.insert(name.to_string(), g.pick(STEMS).to_string());
            }
            _ => {
                let value = format!("{}{}", g.pick(STEMS), g.next() % 50);
                attributes.insert(name.to_string(), value);
            }
        }
    }
    if g.next() % 3 == 0 {
        attributes.insert(
            "phone_number".into(),
            format!("+1555{:07}", g.next() % 10_000),
        );
    }
    let status = STATUSES[(g.next() % 4) as usize];
    let verifier = StoredVerifier {
        salt_hex: "00".into(),
        verifier_hex: "01".into(),
    };
    let mut user = User::new(pool, username, sub, status, verifier, attributes, 1);
    user.enabled = g.next() % 4 != 0;
    user
}

fn seed(db: &Db, pool: &Pool, count: usize, seed: u64) -> Vec<User> {
    let mut g = Gen(seed);
    let all: Vec<User> = (0..count).map(|i| user(&mut g, pool, i)).collect();
    db.write(|tx| {
        pools::save_pool(tx, pool)?;
        for u in &all {
            users::insert(tx, u)?;
        }
        Ok(())
    })
    .unwrap();
    all
}

const DEFAULT: Tuning = Tuning::DEFAULT;
const ALWAYS_WALK: Tuning = Tuning {
    dense_matches: 0,
    walk_rows: usize::MAX,
};
const SHORT_WALK: Tuning = Tuning {
    dense_matches: 0,
    walk_rows: 40,
};

/// The reference: every user checked one by one.
fn naive(pool: &Pool, f: &Filter, u: &User) -> bool {
    match f.attribute {
        FilterAttribute::Username => {
            let wanted = pool.username_key(&f.value);
            match f.op {
                FilterOp::Equals => u.username_key == wanted,
                FilterOp::Prefix => u.username_key.starts_with(&wanted),
            }
        }
        FilterAttribute::UserStatus => f.matches(u.status.as_str()),
        FilterAttribute::Status => f.matches(enabled_text(u.enabled)),
        FilterAttribute::Sub => f.matches(&u.sub),
        a => u.attribute(a.wire_name()).is_some_and(|v| f.matches(v)),
    }
}

/// Pages through `filter` with `limit` and returns every username, checking page sizes.
fn all_pages(
    db: &Db,
    pool: &Pool,
    filter: Option<&Filter>,
    limit: usize,
    tuning: Tuning,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = db
            .read(|tx| list_page_tuned(tx, pool, filter, after.as_deref(), limit, tuning))
            .unwrap();
        assert!(page.users.len() <= limit);
        out.extend(page.users.iter().map(|u| u.username.clone()));
        match page.next {
            Some(next) => {
                assert_eq!(page.users.len(), limit, "a short page promised more");
                assert_eq!(decode_token(&encode_token(&next)).unwrap(), next);
                after = Some(next);
            }
            None => return out,
        }
    }
}

fn values(all: &[User]) -> Vec<String> {
    let mut out: Vec<String> = [
        "",
        "a",
        "A",
        "an",
        "ann",
        "Ann",
        "ANN",
        "anna",
        "zo",
        "Zoë",
        "zoë",
        "ZOË",
        "é",
        "É",
        "émile1",
        "東",
        "東京",
        "ǅ",
        "ǆ",
        "x",
        "x\u{10FFFF}",
        "\u{10FFFF}",
        "+1555",
        "+",
        "UNCONFIRMED",
        "unconfirmed",
        "CON",
        "con",
        "FORCE",
        "RESET_REQUIRED",
        "U",
        "Enabled",
        "enabled",
        "Disabled",
        "En",
        "Dis",
        "E",
        "nope",
        "bob1",
        "Bob1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for u in all.iter().step_by(331) {
        out.push(u.username.clone());
        out.push(u.username.to_uppercase());
        out.push(u.sub.clone());
        out.push(u.sub[..3].to_string());
        out.push(u.sub[..5].to_uppercase());
        out.extend(u.attributes.values().cloned());
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn filters_and_paging_match_a_naive_scan() {
    for case_sensitive in [false, true] {
        let db = Db::in_memory().unwrap();
        let pool = pool(case_sensitive);
        let mut all = seed(&db, &pool, 2000, 0x9E37_79B9_7F4A_7C15);
        all.sort_by(|a, b| a.username_key.cmp(&b.username_key));
        let everyone: Vec<String> = all.iter().map(|u| u.username.clone()).collect();
        for limit in [1, 7, 60] {
            assert_eq!(all_pages(&db, &pool, None, limit, DEFAULT), everyone);
        }
        let values = values(&all);
        let mut checked = 0;
        for attribute in FilterAttribute::ALL {
            for op in [FilterOp::Equals, FilterOp::Prefix] {
                for value in &values {
                    let f = Filter {
                        attribute,
                        op: op.clone(),
                        value: value.clone(),
                    };
                    let expected: Vec<String> = all
                        .iter()
                        .filter(|u| naive(&pool, &f, u))
                        .map(|u| u.username.clone())
                        .collect();
                    let got = all_pages(&db, &pool, Some(&f), 60, DEFAULT);
                    assert_eq!(
                        got, expected,
                        "{f:?} (case-sensitive pool: {case_sensitive})"
                    );
                    if value.len() <= 1 {
                        // Small pages, and every strategy: always walk, walk with a tiny
                        // budget (falls back to the index range).
                        for tuning in [DEFAULT, ALWAYS_WALK, SHORT_WALK] {
                            let got = all_pages(&db, &pool, Some(&f), 7, tuning);
                            assert_eq!(got, expected, "{f:?} {tuning:?}");
                        }
                    }
                    checked += usize::from(!expected.is_empty());
                }
            }
        }
        assert!(checked > 100, "too few filters matched anything: {checked}");
    }
}

#[test]
fn upper_bounds() {
    assert_eq!(prefix_upper_bound(""), None);
    assert_eq!(prefix_upper_bound("ab").as_deref(), Some("ac"));
    assert_eq!(prefix_upper_bound("a\u{10FFFF}").as_deref(), Some("b"));
    assert_eq!(prefix_upper_bound("\u{10FFFF}"), None);
    assert_eq!(prefix_upper_bound("\u{D7FF}").as_deref(), Some("\u{E000}"));
}

#[test]
fn tokens_refuse_garbage() {
    for bad in ["", "!!!", "bHUxOg", "aGVsbG8=", "//79"] {
        let r = decode_token(bad);
        assert!(r.is_err() || bad == "bHUxOg", "{bad}: {r:?}");
    }
    assert_eq!(decode_token(&encode_token("Zoë")).unwrap(), "Zoë");
}

/// `cargo test --lib list_users -- --ignored --nocapture`: page times with 100,000 users.
#[test]
#[ignore]
fn timing_with_100k_users() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path()).unwrap();
    let pool = pool(false);
    let started = Instant::now();
    let all = seed(&db, &pool, 100_000, 42);
    println!("seeded 100k users in {:?}", started.elapsed());
    let middle = all[50_000].username_key.clone();
    let email = all
        .iter()
        .find_map(|u| u.attribute("email"))
        .unwrap()
        .to_string();
    let cases: Vec<(&str, Option<Filter>)> = vec![
        ("no filter", None),
        ("email =", parse(&format!("email = \"{email}\""))),
        ("email ^= \"a\"", parse("email ^= \"a\"")),
        ("given_name ^= \"\"", parse("given_name ^= \"\"")),
        ("name ^= \"zoë1\"", parse("name ^= \"zoë1\"")),
        ("username ^= \"ann\"", parse("username ^= \"ann\"")),
        (
            "cognito:user_status =",
            parse("cognito:user_status = \"CONFIRMED\""),
        ),
        ("status = Enabled", parse("status = \"Enabled\"")),
        ("status = Disabled", parse("status = \"Disabled\"")),
        ("sub ^=", parse(&format!("sub ^= \"{}\"", &all[7].sub[..4]))),
    ];
    time_cases(&db, &pool, &cases, &middle);

    // Worst cases: few disabled users (no index covers `enabled`), and a dense prefix
    // whose matches all lie at the end of the key order.
    db.write(|tx| {
        tx.execute_batch(
            "UPDATE users SET enabled = 1;
             UPDATE users SET enabled = 0 WHERE username_key IN
               (SELECT username_key FROM users ORDER BY username_key DESC LIMIT 10);
             INSERT OR REPLACE INTO user_attributes
               (pool_id, username_key, name, value, value_lower)
               SELECT pool_id, username_key, 'family_name', 'zz' || username_key,
                      'zz' || username_key
               FROM users ORDER BY username_key DESC LIMIT 5000;",
        )?;
        Ok(())
    })
    .unwrap();
    let cases: Vec<(&str, Option<Filter>)> = vec![
        ("10 disabled", parse("status = \"Disabled\"")),
        ("family_name ^= zz (at end)", parse("family_name ^= \"zz\"")),
    ];
    time_cases(&db, &pool, &cases, &middle);
}

fn time_cases(db: &Db, pool: &Pool, cases: &[(&str, Option<Filter>)], middle: &str) {
    for (label, f) in cases {
        for after in [None, Some(middle)] {
            let started = Instant::now();
            let runs = 20;
            let mut n = 0;
            for _ in 0..runs {
                n = db
                    .read(|tx| list_page(tx, pool, f.as_ref(), after, 60))
                    .unwrap()
                    .users
                    .len();
            }
            println!(
                "{label:28} from {:6}: {n:2} users, {:?} per page",
                if after.is_some() { "middle" } else { "start" },
                started.elapsed() / runs
            );
        }
    }
}

fn parse(text: &str) -> Option<Filter> {
    filter::parse(text).unwrap()
}
