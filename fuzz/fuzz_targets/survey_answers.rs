//! A posted survey page as the answer handler decodes it, merged into a draft
//! page by page and evaluated like a submission, over a survey with a question
//! of every kind and a condition. No input may panic; what is accepted keeps
//! the rules: answers only for questions shown, only offered codes, numbers in
//! range, ranks 1, 2, 3 … once each; evaluating again gives the same answers.
#![no_main]

use std::sync::OnceLock;

use domain::surveys::{
    Kind, Question, QuestionInput, Raw, check_question, evaluate, merge_page, step, visible,
};
use libfuzzer_sys::fuzz_target;

fn survey() -> &'static Vec<Question> {
    static QS: OnceLock<Vec<Question>> = OnceLock::new();
    QS.get_or_init(|| {
        let inputs = [
            QuestionInput { kind: "single", text: "A", options: "Ja\nNein", allow_other: true, page: "1", required: true, ..Default::default() },
            QuestionInput { kind: "multiple", text: "B", options: "X\nY\nZ", allow_other: true, page: "1", ..Default::default() },
            QuestionInput { kind: "likert", text: "C", scale: "1: a\n2: b\n3: c", page: "2", ..Default::default() },
            QuestionInput { kind: "matrix", text: "D", rows: "R\nS", scale: "1: a\n2: b", page: "2", required: true, ..Default::default() },
            QuestionInput { kind: "number", text: "E", min: "0", max: "120", integer: true, page: "2", ..Default::default() },
            QuestionInput { kind: "text", text: "F", page: "3", condition: "1:A1", ..Default::default() },
            QuestionInput { kind: "ranking", text: "G", options: "P\nQ\nR", page: "3", ..Default::default() },
            QuestionInput { kind: "date", text: "H", page: "3", ..Default::default() },
        ];
        let mut qs: Vec<Question> = vec![];
        for (i, input) in inputs.iter().enumerate() {
            let def = check_question(input, &qs, None).expect("a valid fixed question");
            qs.push(Question {
                id: i as i64 + 1,
                code: format!("Q{}", i + 1),
                kind: def.kind,
                page: def.page,
                position: i as i32,
                text: def.text,
                help: def.help,
                required: def.required,
                config: def.config,
                condition: def.condition,
                deleted: false,
            });
        }
        qs
    })
}

fuzz_target!(|body: &[u8]| {
    let Some(submitted) = web::fuzzing::survey_answer_fields(body) else {
        return;
    };
    let qs = survey();
    let mut draft = Raw::new();
    for page in 1..=3 {
        merge_page(qs, &mut draft, page, &submitted);
        let _ = evaluate(qs, &draft, Some(page));
        let _ = step(qs, &draft, page, true);
        let _ = step(qs, &draft, page, false);
    }
    let (answers, errors) = evaluate(qs, &draft, None);
    assert_eq!(evaluate(qs, &draft, None), (answers.clone(), errors.clone()));
    for (id, items) in &answers {
        let q = qs.iter().find(|q| q.id == *id).expect("answers name known questions");
        assert!(visible(q, &answers), "an answer to a hidden question {id}");
        assert!(!items.is_empty());
        match q.kind {
            Kind::Single | Kind::Multiple | Kind::Likert => {
                for i in items.iter().filter(|i| i.item.is_empty()) {
                    assert!(q.choices().iter().any(|c| c.code == i.value), "{:?}", i);
                }
            }
            Kind::Number => {
                let n = items[0].num.expect("a number");
                assert!((0.0..=120.0).contains(&n) && n.fract() == 0.0, "{n}");
            }
            Kind::Ranking => {
                let mut ranks: Vec<usize> = items.iter().map(|i| i.num.expect("a rank") as usize).collect();
                ranks.sort_unstable();
                assert!(ranks.iter().enumerate().all(|(k, r)| *r == k + 1), "{ranks:?}");
            }
            _ => {}
        }
    }
});
