//! The figures of a results page: per question a chart (its geometry worked
//! out here, drawn as SVG by `surveys/charts.html`) and the table with the same
//! numbers, from the counts of `db::surveys::results::tally`.
//!
//! Percentages of choice questions are shares of the respondents who answered
//! that question, so the bars of a multiple choice question may add up to more
//! than 100 %.

use std::collections::BTreeMap;

use db::surveys::results::{Tally, Text};
use domain::surveys::{Kind, OTHER, Question};
use serde::Serialize;

/// Width of every chart's drawing area, in SVG units.
const W: f64 = 640.0;
/// Where bars start after room for the count on the right.
const BAR_MAX: f64 = 520.0;
/// Segment colours (classes in charts.css), in scale order.
const SEGMENTS: usize = 7;

#[derive(Debug, Clone, Serialize)]
pub struct BarRow {
    pub code: String,
    pub label: String,
    pub n: u64,
    pub pct: String,
    /// For rankings: the mean rank, as text.
    pub mean: String,
    pub label_y: String,
    pub bar_y: String,
    pub width: String,
    pub value_x: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub x: String,
    pub width: String,
    pub class: String,
    pub pct: String,
    pub n: u64,
    /// Wide enough to carry its percentage as text.
    pub labelled: bool,
    pub text_x: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StackRow {
    pub label: String,
    pub n: u64,
    pub label_y: String,
    pub bar_y: String,
    pub text_y: String,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    pub label: String,
    pub class: String,
    pub x: String,
    pub y: String,
    pub text_x: String,
    pub text_y: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub label: String,
    pub n: u64,
    pub pct: String,
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub label_x: String,
    pub value_y: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NumberStats {
    pub n: u64,
    pub mean: String,
    pub median: String,
    pub min: String,
    pub max: String,
}

/// What a question's results are drawn as.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Chart {
    /// Horizontal bars: choices, rankings (mean rank), dates (per month).
    Bars {
        height: String,
        rows: Vec<BarRow>,
        ranking: bool,
    },
    /// 100 % bars, one per matrix row (one for a Likert question), with a legend.
    Stacked {
        height: String,
        rows: Vec<StackRow>,
        legend: Vec<LegendItem>,
        scale: Vec<String>,
    },
    /// A histogram.
    Columns {
        height: String,
        base_y: String,
        columns: Vec<Column>,
        stats: Option<NumberStats>,
    },
    /// Free texts are listed, not drawn.
    Texts,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionResult {
    pub id: i64,
    pub code: String,
    pub kind: &'static str,
    pub text: String,
    pub deleted: bool,
    pub answered: u64,
    pub chart: Chart,
    /// A sentence of data for the chart's description: "label: 40 %; …".
    pub summary: String,
    pub texts: Vec<String>,
    pub others: Vec<String>,
    pub other_count: u64,
}

fn f1(x: f64) -> String {
    format!("{x:.1}")
}

/// A number as people of `lang` write it, with `decimals` places, halves
/// rounded away from zero as people round them (4,25 → 4,3).
pub fn number(lang: &str, x: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    // Scaling a huge value overflows; such a value has no places to round.
    let rounded = if (x * scale).is_finite() {
        (x * scale).round() / scale
    } else {
        x
    };
    let s = format!("{rounded:.decimals$}");
    if lang == "de" { s.replace('.', ",") } else { s }
}

/// A share as a percentage with one decimal: "45,0 %" or "45.0%".
pub fn percent(lang: &str, part: u64, whole: u64) -> String {
    let p = if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    };
    if lang == "de" {
        format!("{} %", number(lang, p, 1))
    } else {
        format!("{}%", number(lang, p, 1))
    }
}

fn bars(rows: Vec<(String, String, u64, f64, String)>, lang: &str, ranking: bool) -> Chart {
    // (code, label, n, share of the longest bar 0..1, percent text)
    let rows: Vec<BarRow> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (code, label, n, share, pct))| {
            let top = i as f64 * 44.0;
            let width = (share * BAR_MAX).max(if n > 0 { 2.0 } else { 0.0 });
            BarRow {
                code,
                label,
                n,
                mean: if ranking { pct.clone() } else { String::new() },
                pct,
                label_y: f1(top + 16.0),
                bar_y: f1(top + 22.0),
                width: f1(width),
                value_x: f1(width + 6.0),
            }
        })
        .collect();
    let _ = lang;
    Chart::Bars {
        height: f1(rows.len() as f64 * 44.0 + 8.0),
        rows,
        ranking,
    }
}

/// The colour of point `i` of a scale of `n` points: agreement scales run from
/// red through grey to blue, whatever their length.
fn segment_class(i: usize, n: usize) -> String {
    let c = match n {
        2 => [0, 4][i.min(1)],
        3 => [0, 2, 4][i.min(2)],
        4 => [0, 1, 3, 4][i.min(3)],
        _ => i % SEGMENTS,
    };
    format!("chart-seg-{c}")
}

/// Counts of `rows` filtered to one item, by value.
fn by_value<'a>(rows: &'a [(String, String, u64)], item: &str) -> BTreeMap<&'a str, u64> {
    let mut m = BTreeMap::new();
    for (i, v, n) in rows {
        if i == item {
            *m.entry(v.as_str()).or_insert(0) += n;
        }
    }
    m
}

fn stacked(q: &Question, rows: &[(String, String, u64)], lang: &str) -> Chart {
    let lines: Vec<(String, String)> = if q.kind == Kind::Matrix {
        q.config
            .rows
            .iter()
            .map(|r| (r.code.clone(), r.label.clone()))
            .collect()
    } else {
        vec![(String::new(), q.text.clone())]
    };
    // The legend comes first, in rows of three.
    let legend_rows = q.config.scale.len().div_ceil(3);
    let legend: Vec<LegendItem> = q
        .config
        .scale
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (x, y) = ((i % 3) as f64 * 213.0, (i / 3) as f64 * 24.0 + 4.0);
            LegendItem {
                label: c.label.clone(),
                class: segment_class(i, q.config.scale.len()),
                x: f1(x),
                y: f1(y),
                text_x: f1(x + 22.0),
                text_y: f1(y + 13.0),
            }
        })
        .collect();
    let start = legend_rows as f64 * 24.0 + 12.0;
    let out_rows: Vec<StackRow> = lines
        .iter()
        .enumerate()
        .map(|(i, (item, label))| {
            let counts = by_value(rows, item);
            let total: u64 = q
                .config
                .scale
                .iter()
                .map(|c| counts.get(c.code.as_str()).copied().unwrap_or(0))
                .sum();
            let top = start + i as f64 * 58.0;
            let mut x = 0.0;
            let segments = q
                .config
                .scale
                .iter()
                .enumerate()
                .map(|(si, c)| {
                    let n = counts.get(c.code.as_str()).copied().unwrap_or(0);
                    let w = if total == 0 {
                        0.0
                    } else {
                        n as f64 / total as f64 * W
                    };
                    let s = Segment {
                        x: f1(x),
                        // A white gap of two units between segments.
                        width: f1((w - 2.0).max(0.0)),
                        class: segment_class(si, q.config.scale.len()),
                        pct: percent(lang, n, total),
                        n,
                        labelled: w >= 64.0,
                        text_x: f1(x + w / 2.0),
                    };
                    x += w;
                    s
                })
                .collect();
            StackRow {
                label: label.clone(),
                n: total,
                label_y: f1(top + 16.0),
                bar_y: f1(top + 24.0),
                text_y: f1(top + 44.0),
                segments,
            }
        })
        .collect();
    Chart::Stacked {
        height: f1(start + out_rows.len() as f64 * 58.0 + 8.0),
        rows: out_rows,
        legend,
        scale: q.config.scale.iter().map(|c| c.label.clone()).collect(),
    }
}

/// Whole numbers up to this size are binned by exact integer arithmetic
/// (every such integer is exact as an `f64`); larger ones as decimals.
const WHOLE_LIMIT: f64 = 9_007_199_254_740_992.0;

/// The values a chart can place: finite ones. The answer parser admits no
/// others, but stored rows are not checked again and a results page must
/// never fail on them.
fn finite(values: &[(f64, u64)]) -> Vec<(f64, u64)> {
    values.iter().copied().filter(|v| v.0.is_finite()).collect()
}

/// Bins of a histogram: (label, lower bound, count). Whole numbers over a small
/// range get a bin each; otherwise ten bins of equal width. Never more than ten
/// bins, whatever the values.
pub fn bins(values: &[(f64, u64)], lang: &str) -> Vec<(String, u64)> {
    let values = finite(values);
    if values.is_empty() {
        return vec![];
    }
    let min = values.iter().map(|v| v.0).fold(f64::INFINITY, f64::min);
    let max = values.iter().map(|v| v.0).fold(f64::NEG_INFINITY, f64::max);
    let whole =
        values.iter().all(|v| v.0.fract() == 0.0) && -min <= WHOLE_LIMIT && max <= WHOLE_LIMIT;
    if whole {
        // Within ±2^53 these casts are exact and the span fits an i64.
        let (lo_all, hi_all) = (min as i64, max as i64);
        let span = hi_all - lo_all + 1;
        let width = (span + 9) / 10;
        let k = (span + width - 1) / width;
        let mut out: Vec<(String, u64)> = (0..k)
            .map(|i| {
                let lo = lo_all + i * width;
                let hi = lo + width - 1;
                let label = if width == 1 {
                    lo.to_string()
                } else {
                    format!("{lo}–{hi}")
                };
                (label, 0)
            })
            .collect();
        for (v, n) in &values {
            let i = ((*v as i64 - lo_all) / width).clamp(0, k - 1) as usize;
            out[i].1 = out[i].1.saturating_add(*n);
        }
        return out;
    }
    let k = 10usize;
    // Divided first: `max - min` overflows for values near the ends of f64.
    let width = max / k as f64 - min / k as f64;
    if width <= 0.0 {
        let total = values.iter().fold(0u64, |t, v| t.saturating_add(v.1));
        return vec![(number(lang, min, 1), total)];
    }
    let mut out: Vec<(String, u64)> = (0..k)
        .map(|i| {
            let lo = min + i as f64 * width;
            (
                format!("{}–{}", number(lang, lo, 1), number(lang, lo + width, 1)),
                0,
            )
        })
        .collect();
    for (v, n) in &values {
        // A float-to-int cast saturates (and NaN becomes 0), so this cannot
        // leave the bins even when `v - min` overflows.
        let i = ((v / width - min / width) as usize).min(k - 1);
        out[i].1 = out[i].1.saturating_add(*n);
    }
    out
}

/// Mean, median, minimum and maximum of counted values.
pub fn stats(values: &[(f64, u64)], lang: &str) -> Option<NumberStats> {
    let mut sorted: Vec<(f64, u64)> = finite(values).into_iter().filter(|v| v.1 > 0).collect();
    let n = sorted.iter().fold(0u64, |t, v| t.saturating_add(v.1));
    if n == 0 {
        return None;
    }
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut mean = sorted.iter().map(|(v, c)| v * *c as f64).sum::<f64>() / n as f64;
    if !mean.is_finite() {
        // The sum overflowed: weigh each value by its share instead.
        mean = sorted
            .iter()
            .map(|(v, c)| v * (*c as f64 / n as f64))
            .sum::<f64>();
    }
    // The value at a 0-based position of the sorted answers.
    let at = |pos: u64| {
        let mut seen = 0u64;
        for (v, c) in &sorted {
            seen = seen.saturating_add(*c);
            if pos < seen {
                return *v;
            }
        }
        sorted[sorted.len() - 1].0
    };
    let median = if n % 2 == 1 {
        at(n / 2)
    } else {
        at(n / 2 - 1) / 2.0 + at(n / 2) / 2.0
    };
    let fmt = |x: f64| {
        if x.fract() == 0.0 {
            number(lang, x, 0)
        } else {
            number(lang, x, 1)
        }
    };
    Some(NumberStats {
        n,
        mean: number(lang, mean, 1),
        median: fmt(median),
        min: fmt(sorted[0].0),
        max: fmt(sorted[sorted.len() - 1].0),
    })
}

fn columns(bins: Vec<(String, u64)>, total: u64, lang: &str, stats: Option<NumberStats>) -> Chart {
    let top = bins.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let k = bins.len().max(1) as f64;
    // Few columns stay narrow rather than filling the width.
    let slot = (W / k).min(80.0);
    let base = 200.0;
    let columns = bins
        .into_iter()
        .enumerate()
        .map(|(i, (label, n))| {
            let h = n as f64 / top * 170.0;
            let x = i as f64 * slot;
            Column {
                pct: percent(lang, n, total),
                label,
                n,
                x: f1(x + 2.0),
                y: f1(base - h),
                width: f1((slot - 4.0).max(1.0)),
                height: f1(h),
                label_x: f1(x + slot / 2.0),
                value_y: f1(base - h - 5.0),
            }
        })
        .collect();
    Chart::Columns {
        height: f1(base + 26.0),
        base_y: f1(base),
        columns,
        stats,
    }
}

/// A number question's histogram and its summary, from the counted values.
pub fn histogram(values: &[(f64, u64)], answered: u64, lang: &str) -> (Chart, String) {
    let st = stats(values, lang);
    let b = bins(values, lang);
    let summary = b
        .iter()
        .map(|(l, n)| format!("{l}: {n}"))
        .collect::<Vec<_>>()
        .join("; ");
    (columns(b, answered, lang, st), summary)
}

fn month_label(lang: &str, ym: &str) -> String {
    match ym.split_once('-') {
        Some((y, m)) if lang == "de" => format!("{m}/{y}"),
        _ => ym.to_owned(),
    }
}

/// The results of `questions` (in the order given) from a tally and the
/// listed texts. `with_texts`: free texts are shown (never on the public page).
pub fn build(
    questions: &[&Question],
    tally: &Tally,
    texts: &[Text],
    lang: &str,
    other_label: &str,
    with_texts: bool,
) -> Vec<QuestionResult> {
    let empty = vec![];
    questions
        .iter()
        .map(|q| {
            let rows = tally.counts.get(&q.id).unwrap_or(&empty);
            let answered = tally.answered.get(&q.id).copied().unwrap_or(0);
            let mut other_count = 0;
            let (chart, summary) = match q.kind {
                Kind::Single | Kind::Multiple => {
                    let counts = by_value(rows, "");
                    let top = q
                        .choices()
                        .iter()
                        .map(|c| counts.get(c.code.as_str()).copied().unwrap_or(0))
                        .max()
                        .unwrap_or(0);
                    let mut summary = vec![];
                    let bar_rows = q
                        .choices()
                        .into_iter()
                        .map(|c| {
                            let n = counts.get(c.code.as_str()).copied().unwrap_or(0);
                            if c.code == OTHER {
                                other_count = n;
                            }
                            let pct = percent(lang, n, answered);
                            summary
                                .push(format!("{}: {pct}", label(&c.code, &c.label, other_label)));
                            let share = if top == 0 { 0.0 } else { n as f64 / top as f64 };
                            (
                                c.code.clone(),
                                label(&c.code, &c.label, other_label),
                                n,
                                share,
                                pct,
                            )
                        })
                        .collect();
                    (bars(bar_rows, lang, false), summary.join("; "))
                }
                Kind::Likert | Kind::Matrix => {
                    let chart = stacked(q, rows, lang);
                    let summary = match &chart {
                        Chart::Stacked { rows, scale, .. } => rows
                            .iter()
                            .map(|r| {
                                let parts: Vec<String> = r
                                    .segments
                                    .iter()
                                    .zip(scale)
                                    .map(|(s, l)| format!("{l} {}", s.pct))
                                    .collect();
                                format!("{}: {}", r.label, parts.join(", "))
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                        _ => String::new(),
                    };
                    (chart, summary)
                }
                Kind::Ranking => {
                    // Mean rank per option; the best (lowest) first.
                    let mut means: Vec<(String, String, u64, f64)> = q
                        .config
                        .options
                        .iter()
                        .map(|o| {
                            let (sum, n) = rows.iter().filter(|r| r.0 == o.code).fold(
                                (0.0, 0),
                                |(s, n), r| {
                                    (s + r.1.parse::<f64>().unwrap_or(0.0) * r.2 as f64, n + r.2)
                                },
                            );
                            let mean = if n == 0 { 0.0 } else { sum / n as f64 };
                            (o.code.clone(), o.label.clone(), n, mean)
                        })
                        .collect();
                    means.sort_by(|a, b| (a.2 == 0).cmp(&(b.2 == 0)).then(a.3.total_cmp(&b.3)));
                    let k = q.config.options.len().max(1) as f64;
                    let summary = means
                        .iter()
                        .map(|m| format!("{}: {}", m.1, number(lang, m.3, 2)))
                        .collect::<Vec<_>>()
                        .join("; ");
                    let bar_rows = means
                        .into_iter()
                        .map(|(code, l, n, mean)| {
                            // Longer is better: the first place fills the bar.
                            let share = if n == 0 { 0.0 } else { (k + 1.0 - mean) / k };
                            let mean = if n == 0 {
                                "–".to_owned()
                            } else {
                                number(lang, mean, 2)
                            };
                            (code, l, n, share, mean)
                        })
                        .collect();
                    (bars(bar_rows, lang, true), summary)
                }
                Kind::Number => {
                    let values: Vec<(f64, u64)> = rows
                        .iter()
                        .filter(|r| r.0.is_empty())
                        .filter_map(|r| r.1.parse::<f64>().ok().map(|v| (v, r.2)))
                        .collect();
                    histogram(&values, answered, lang)
                }
                Kind::Date => {
                    let mut months: BTreeMap<String, u64> = BTreeMap::new();
                    for (_, v, n) in rows.iter().filter(|r| r.0.is_empty()) {
                        *months.entry(v.chars().take(7).collect()).or_insert(0) += n;
                    }
                    let top = months.values().copied().max().unwrap_or(0).max(1);
                    let summary = months
                        .iter()
                        .map(|(m, n)| format!("{}: {n}", month_label(lang, m)))
                        .collect::<Vec<_>>()
                        .join("; ");
                    let bar_rows = months
                        .into_iter()
                        .map(|(m, n)| {
                            let pct = percent(lang, n, answered);
                            (
                                m.clone(),
                                month_label(lang, &m),
                                n,
                                n as f64 / top as f64,
                                pct,
                            )
                        })
                        .collect();
                    (bars(bar_rows, lang, false), summary)
                }
                Kind::Text => (Chart::Texts, String::new()),
            };
            let listed = |other: bool| -> Vec<String> {
                if !with_texts {
                    return vec![];
                }
                texts
                    .iter()
                    .filter(|t| t.question_id == q.id && t.other == other)
                    .map(|t| t.text.clone())
                    .collect()
            };
            QuestionResult {
                id: q.id,
                code: q.code.clone(),
                kind: q.kind.as_str(),
                text: q.text.clone(),
                deleted: q.deleted,
                answered,
                chart,
                summary,
                texts: listed(false),
                others: listed(true),
                other_count,
            }
        })
        .collect()
}

/// The label of a choice; the "other" choice has none of its own.
fn label(code: &str, label: &str, other_label: &str) -> String {
    if code == OTHER { other_label } else { label }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_get_a_bin_each_over_a_small_range() {
        let b = bins(&[(1.0, 2), (3.0, 1)], "de");
        assert_eq!(b, vec![("1".into(), 2), ("2".into(), 0), ("3".into(), 1)]);
    }

    #[test]
    fn wide_ranges_get_at_most_ten_bins() {
        let b = bins(&[(0.0, 1), (39.0, 1), (40.0, 3)], "de");
        assert_eq!(b.len(), 9);
        assert_eq!(b[0], ("0–4".into(), 1));
        assert_eq!(b[7], ("35–39".into(), 1));
        assert_eq!(b[8], ("40–44".into(), 3));
    }

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let s = stats(&[(1.0, 1), (2.0, 1), (4.0, 1), (10.0, 1)], "de").unwrap();
        assert_eq!(s.median, "3");
        assert_eq!(s.mean, "4,3");
        assert_eq!((s.min.as_str(), s.max.as_str()), ("1", "10"));
    }

    /// A small xorshift generator: the same cases on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    const EDGES: [f64; 20] = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        5e-324,
        0.0,
        -0.0,
        2.0,
        1e19,
        -1e19,
        1e12,
        -1e12,
        9_007_199_254_740_992.0,
        9_007_199_254_740_994.0,
        -9_007_199_254_740_992.0,
        0.5,
        1e308,
    ];

    fn value(rng: &mut Rng) -> f64 {
        match rng.below(5) {
            0 => EDGES[rng.below(EDGES.len() as u64) as usize],
            1 => f64::from_bits(rng.next()),
            2 => rng.below(2001) as f64 - 1000.0,
            3 => (rng.below(2_000_001) as f64 - 1_000_000.0) / 7.0,
            _ => (rng.next() as i64) as f64,
        }
    }

    fn count(rng: &mut Rng) -> u64 {
        match rng.below(8) {
            0 => 0,
            1 => u64::MAX,
            2 => rng.next(),
            _ => rng.below(20) + 1,
        }
    }

    fn finite_number(s: &str) -> f64 {
        let x: f64 = s.parse().unwrap_or(f64::NAN);
        assert!(x.is_finite(), "{s:?} is not a finite number");
        x
    }

    /// Whatever the answers (NaN, infinities, huge spans, one value, all
    /// equal, huge counts), a histogram has at most ten bins holding every
    /// finite value once, and its geometry stays inside the drawing.
    #[test]
    fn no_values_break_the_histogram() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut cases: Vec<Vec<(f64, u64)>> = vec![
            vec![(2.0, 1), (1e19, 1)],
            vec![(f64::NAN, 3)],
            vec![(f64::MIN, 1), (f64::MAX, 1)],
            vec![(7.5, 4)],
            vec![(3.0, 2), (3.0, 5)],
            vec![(-9e15, 1), (9e15, 1)],
            vec![(5e-324, 1), (0.0, 1)],
        ];
        for a in EDGES {
            for b in EDGES {
                cases.push(vec![(a, 1), (b, 2)]);
            }
        }
        for _ in 0..5000 {
            let len = rng.below(7) as usize;
            cases.push(
                (0..len)
                    .map(|_| (value(&mut rng), count(&mut rng)))
                    .collect(),
            );
        }
        for values in cases {
            for lang in ["de", "en"] {
                let b = bins(&values, lang);
                assert!(b.len() <= 10, "{values:?}: {} bins", b.len());
                let expected = values
                    .iter()
                    .filter(|v| v.0.is_finite())
                    .fold(0u64, |t, v| t.saturating_add(v.1));
                let binned = b.iter().fold(0u64, |t, v| t.saturating_add(v.1));
                assert_eq!(binned, expected, "{values:?}");
                let st = stats(&values, lang);
                assert_eq!(st.is_some(), expected > 0, "{values:?}");
                let Chart::Columns { columns: cols, .. } = columns(b, expected, lang, st) else {
                    panic!("a histogram");
                };
                for c in cols {
                    let (x, w) = (finite_number(&c.x), finite_number(&c.width));
                    let (y, h) = (finite_number(&c.y), finite_number(&c.height));
                    assert!((0.0..=W).contains(&x) && x + w <= W, "{values:?}");
                    assert!((0.0..=170.0).contains(&h) && (y - (200.0 - h)).abs() < 0.2);
                    finite_number(&c.label_x);
                    finite_number(&c.value_y);
                }
            }
        }
    }

    #[test]
    fn percentages_follow_the_language() {
        assert_eq!(percent("de", 1, 3), "33,3 %");
        assert_eq!(percent("en", 1, 3), "33.3%");
        assert_eq!(percent("de", 0, 0), "0,0 %");
    }
}
