//! Numbers as respondents type them and as a results page counts them: the
//! input's first line goes through a number question's answer parser (once
//! without bounds, once with 0..120), the rest, 10 bytes at a time (an `f64`
//! and a 16-bit count), through the histogram with the parsed answer added.
//! No input may panic; an accepted answer is finite and within the
//! platform's limit; a histogram has at most ten bins that hold every finite
//! value once, and its columns stay inside the drawing.
#![no_main]

use std::sync::OnceLock;

use domain::surveys::{NUMBER_LIMIT, Question, QuestionInput, Raw, check_question, parse_answer};
use libfuzzer_sys::fuzz_target;
use web::fuzzing::{CHART_WIDTH, histogram};

fn questions() -> &'static [Question; 2] {
    static QS: OnceLock<[Question; 2]> = OnceLock::new();
    QS.get_or_init(|| {
        let q = |id: i64, min: &str, max: &str| {
            let input = QuestionInput {
                kind: "number",
                text: "N",
                min,
                max,
                page: "1",
                ..Default::default()
            };
            let def = check_question(&input, &[], None).expect("a valid fixed question");
            Question {
                id,
                code: format!("Q{id}"),
                kind: def.kind,
                page: def.page,
                position: id as i32,
                text: def.text,
                help: def.help,
                required: def.required,
                config: def.config,
                condition: def.condition,
                deleted: false,
            }
        };
        [q(1, "", ""), q(2, "0", "120")]
    })
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let (typed, rest) = data.split_at(split);
    let typed = String::from_utf8_lossy(typed);
    let mut values: Vec<(f64, u64)> = vec![];
    for q in questions() {
        let raw: Raw = [(format!("q{}", q.id), vec![typed.to_string()])]
            .into_iter()
            .collect();
        if let Ok(items) = parse_answer(q, &raw) {
            for i in items {
                let n = i.num.expect("a number answer carries its number");
                assert!(
                    n.is_finite() && n.abs() <= NUMBER_LIMIT,
                    "{typed:?} accepted as {n}"
                );
                if q.id == 2 {
                    assert!((0.0..=120.0).contains(&n), "{n}");
                }
                values.push((n, 1));
            }
        }
    }
    for chunk in rest.get(1..).unwrap_or(&[]).chunks_exact(10) {
        let mut f = [0u8; 8];
        f.copy_from_slice(&chunk[..8]);
        values.push((
            f64::from_le_bytes(f),
            u64::from(u16::from_le_bytes([chunk[8], chunk[9]])),
        ));
    }
    let total: u64 = values.iter().filter(|v| v.0.is_finite()).map(|v| v.1).sum();
    let (bins, rects) = histogram(&values, total);
    assert!(bins.len() <= 10, "{} bins", bins.len());
    assert_eq!(bins.iter().map(|b| b.1).sum::<u64>(), total, "{values:?}");
    for [x, y, w, h] in rects {
        assert!(x >= 0.0 && w >= 0.0 && x + w <= CHART_WIDTH, "{values:?}");
        assert!((0.0..=170.0).contains(&h) && y.is_finite(), "{values:?}");
    }
});
