//! The money: exact sums in the base currency. The fixture `tests/fixtures/money` is built so
//! that each classic mistake gives a different number: a rate applied the wrong way round
//! (EUR 1.25 → 80 instead of 125), an allocation counted twice, an unallocated amount spread over
//! commitments, a surplus netted against a gap.

use serde_json::Value;

use super::support::{Framework, run_in};

fn report(table: &str) -> Vec<Value> {
    let framework = Framework::from("tests/fixtures/money");
    let dir = framework.path().to_str().unwrap().to_string();
    let run = run_in(
        framework.path(),
        &["-C", &dir, "report", "--format", "json", "--table", table],
    );
    run.assert_code(0);
    let json: Value = serde_json::from_str(&run.stdout).expect("report is JSON");
    assert_eq!(json["base_currency"], "USD");
    json[table].as_array().expect("table rows").clone()
}

fn row<'a>(rows: &'a [Value], key: &str, value: &str) -> &'a Value {
    rows.iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no row with {key} = {value}"))
}

#[test]
fn amounts_in_another_currency_are_converted_with_the_rate_the_right_way_round() {
    let rows = report("commitments");
    // HND-2.1: required EUR 400, State EUR 100 at 1.25 USD per EUR.
    let hnd = row(&rows, "id", "HND-2.1");
    assert_eq!(hnd["required"], 500.0);
    assert_eq!(hnd["state_investment"], 125.0);
    // ESP-1 allocates EUR 200 to GTM-1.1: USD 250.
    assert_eq!(row(&rows, "id", "GTM-1.1")["allocated"], 250.0);
}

#[test]
fn an_allocation_is_counted_once() {
    let rows = report("commitments");
    let gtm = row(&rows, "id", "GTM-1.1");
    // Supported by ESP-1 (with an amount), ESP-3 (without) and the OAS programme: three
    // supporters, but only ESP-1's allocation is money.
    assert_eq!(gtm["supporters"], 3);
    assert_eq!(gtm["allocated"], 250.0);
    assert_eq!(gtm["gap"], 550.0); // 1000 − 200 − 250
    let contributors = report("contributors");
    let esp = row(&contributors, "contributor", "ESP");
    assert_eq!(esp["pledged"], 2550.0); // 1250 + 300 + 1000
    assert_eq!(esp["allocated"], 550.0); // 250 + 300
    assert_eq!(esp["unallocated"], 2000.0);
}

#[test]
fn unallocated_amounts_are_never_spread_over_commitments() {
    let rows = report("commitments");
    // GTM-1.2 is named by ESP-1 without an amount: it gets nothing.
    let named = row(&rows, "id", "GTM-1.2");
    assert_eq!(named["allocated"], 0.0);
    assert_eq!(named["gap"], 500.0);
    // ESP-1's unallocated EUR 800 count for Guatemala, its only beneficiary; ESP-3's USD 1000
    // (two beneficiaries) for nobody in particular.
    let states = report("states");
    assert_eq!(row(&states, "state", "GTM")["unallocated"], 1000.0);
    assert_eq!(row(&states, "state", "HND")["unallocated"], 0.0);
    assert_eq!(row(&states, "state", "GTM")["allocated"], 250.0);
}

#[test]
fn disbursements_count_for_a_commitment_only_when_the_pledge_funds_it_alone() {
    let rows = report("commitments");
    assert_eq!(row(&rows, "id", "HND-2.1")["disbursed"], 300.0);
    assert_eq!(row(&rows, "id", "GTM-1.1")["disbursed"], 0.0);
}

#[test]
fn gaps_add_up_without_netting_surpluses() {
    let states = report("states");
    let total = row(&states, "state", "Total");
    assert_eq!(total["required"], 2000.0);
    assert_eq!(total["gap"], 1125.0); // 550 + 500 + 75
    assert_eq!(total["commitments"], 4);
    assert_eq!(total["supported"], 3);
    assert_eq!(total["supported_percent"], 75.0);
}

#[test]
fn commitments_without_a_budget_have_no_amounts_rather_than_zero() {
    let rows = report("commitments");
    let uncosted = row(&rows, "id", "GTM-4.1");
    assert!(uncosted["required"].is_null());
    assert!(uncosted["gap"].is_null());
    let unsupported = report("unsupported");
    assert_eq!(unsupported.len(), 1);
    assert_eq!(unsupported[0]["id"], "GTM-4.1");
}

#[test]
fn filters_restrict_the_commitments() {
    let framework = Framework::from("tests/fixtures/money");
    let dir = framework.path().to_str().unwrap().to_string();
    let run = run_in(
        framework.path(),
        &["-C", &dir, "report", "--format", "csv", "--state", "HND"],
    );
    run.assert_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].starts_with("id,state,pillar"));
    assert!(lines[1].starts_with("HND-2.1,HND,immediate-needs"));
    let bad = run_in(framework.path(), &["-C", &dir, "report", "--state", "NIC"]);
    bad.assert_code(2);
    assert!(bad.stderr.contains("`NIC` is not a member State"));
}

#[test]
fn export_json_carries_links_and_money() {
    let framework = Framework::from("tests/fixtures/money");
    let dir = framework.path().to_str().unwrap().to_string();
    let run = run_in(
        framework.path(),
        &["-C", &dir, "export", "--format", "json"],
    );
    run.assert_code(0);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["mirps_json_version"], 1);
    let supporters: Vec<&str> = json["supported_by"]["GTM-1.1"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(supporters, ["ESP-1", "ESP-3", "OAS-1"]);
    assert_eq!(json["funding"]["unallocated_by_state"]["GTM"], 1000.0);
    assert_eq!(json["funding"]["unallocated_shared"][0]["pledge"], "ESP-3");
    let csv = run_in(framework.path(), &["-C", &dir, "export", "--format", "csv"]);
    csv.assert_code(0);
    assert_eq!(csv.stdout.lines().count(), 5);
}
