//! Inline SVG charts. Every label is escaped; each chart has a title and a description for
//! screen readers, and the pages also show the same figures as a table.
//!
//! Text in an SVG is not measured by the browser before the chart is drawn, so the layout
//! measures it itself, conservatively: [`text_width`] assumes a wide fallback font (DejaVu Sans
//! Bold, wider than the system fonts the stylesheet asks for), and a label wider than
//! [`LABEL_MAX`] wraps onto several lines (`<tspan>`). The viewBox then grows to hold every
//! label, legend entry and value: no text is cut off, whatever font the page falls back to.
//! The font sizes below are those of `svg.chart text…` in `templates/assets/style.css`, in the
//! chart's own units (the chart scales as a whole).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// One group of bars (a State): its label and values in series order.
pub struct Group {
    pub label: String,
    pub values: Vec<Decimal>,
    /// What a bar says instead of its value, when it has no figure (a State without costing:
    /// "sin costear"), by series; empty when every bar has its figure.
    pub notes: Vec<Option<String>>,
}

impl Group {
    /// The text beside bar `j`: its note, else its value in short.
    fn value_text(&self, j: usize) -> String {
        match self.notes.get(j) {
            Some(Some(note)) => note.clone(),
            _ => short(self.values.get(j).copied().unwrap_or_default()),
        }
    }
}

/// A series: its name and CSS class (colours live in the stylesheet).
pub struct Series {
    pub name: String,
    pub class: &'static str,
}

/// `svg.chart text.label` (bold).
const LABEL_SIZE: f64 = 11.5;
/// `svg.chart text` (the legend).
const LEGEND_SIZE: f64 = 12.0;
/// `svg.chart text.value`.
const VALUE_SIZE: f64 = 10.0;
/// `svg.chart text.inside` (bold).
const INSIDE_SIZE: f64 = 11.0;
/// The widest a label's line may be before it wraps.
const LABEL_MAX: f64 = 190.0;
/// The distance between the baselines of a label's lines, in ems.
const LINE_HEIGHT: f64 = 1.2;
/// The space between a label and its bars.
const LABEL_PAD: f64 = 8.0;
/// The margin left of the labels and right of the widest value.
const MARGIN: f64 = 6.0;

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn short(v: Decimal) -> String {
    let f = v.to_f64().unwrap_or(0.0);
    if f >= 1e9 {
        format!("{:.1} B", f / 1e9)
    } else if f >= 1e6 {
        format!("{:.1} M", f / 1e6)
    } else if f >= 1e3 {
        format!("{:.0} k", f / 1e3)
    } else {
        format!("{f:.0}")
    }
}

/// The width of one character in ems, at least its advance in DejaVu Sans Bold (one of the
/// widest sans-serif fonts a browser falls back to) for Latin letters, digits and punctuation;
/// 1 em for anything else (CJK, symbols, emoji).
fn char_em(c: char) -> f64 {
    match c {
        ' ' | '.' | ',' | ';' | ':' | '!' | '|' | '\'' | 'i' | 'j' | 'l' | 'I' | 'J' | 'í'
        | 'ì' | 'ï' | 'î' | 'Í' => 0.42,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' | '"' | '‘' | '’' => 0.52,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '—' | '&' | 'æ' | 'œ' | 'Æ' | 'Œ' => 1.12,
        '0'..='9' => 0.72,
        c if c.is_lowercase() => 0.74,
        c if c.is_uppercase() => 0.88,
        _ => 1.0,
    }
}

/// A conservative estimate of the width of `text` at the font size `size` (chart units).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// `text` in lines no wider than `max` at `size`: words are kept whole where they fit, and a
/// word wider than a line is cut between characters.
fn wrap(text: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&joined, size) <= max {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone, cut where it does not fit on a line.
        for c in word.chars() {
            let mut longer = line.clone();
            longer.push(c);
            if !line.is_empty() && text_width(&longer, size) > max {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A label's lines (wrapped), and the width of its widest line.
fn label_lines(label: &str) -> (Vec<String>, f64) {
    let lines = wrap(label, LABEL_MAX, LABEL_SIZE);
    let widest = lines
        .iter()
        .map(|l| text_width(l, LABEL_SIZE))
        .fold(0.0, f64::max);
    (lines, widest)
}

/// A label, right-aligned at `x`, its lines centred vertically on `middle`.
fn label_text(x: f64, middle: f64, lines: &[String]) -> String {
    let line_h = LABEL_SIZE * LINE_HEIGHT;
    // The first baseline: the block of lines centred, a baseline about 0.35 em below the middle
    // of its line.
    let first = middle - line_h * (lines.len() as f64 - 1.0) / 2.0 + LABEL_SIZE * 0.35;
    let mut svg =
        format!("<text class=\"label\" x=\"{x:.1}\" y=\"{first:.1}\" text-anchor=\"end\">");
    for (i, line) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { line_h };
        svg.push_str(&format!(
            "<tspan x=\"{x:.1}\" dy=\"{dy:.1}\">{}</tspan>",
            esc(line)
        ));
    }
    svg.push_str("</text>");
    svg
}

/// The legend: one swatch and name per series, from `left`, onto a new row wherever the next
/// entry would pass `right`. Its SVG, its height, and the right edge of its widest row.
fn legend(series: &[Series], left: f64, right: f64) -> (String, f64, f64) {
    let row_h = 22.0;
    let mut svg = String::new();
    let mut x = left;
    let mut row = 0.0;
    let mut widest: f64 = left;
    for s in series {
        let entry = 16.0 + text_width(&s.name, LEGEND_SIZE);
        if x > left && x + entry > right {
            x = left;
            row += 1.0;
        }
        let top = 6.0 + row * row_h;
        svg.push_str(&format!(
            "<rect class=\"{}\" x=\"{x:.1}\" y=\"{top:.1}\" width=\"12\" height=\"12\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            s.class,
            x + 16.0,
            top + 10.0,
            esc(&s.name)
        ));
        widest = widest.max(x + entry);
        x += entry + 18.0;
    }
    (svg, 6.0 + (row + 1.0) * row_h, widest)
}

/// CSS pixels a chart unit is drawn at, at most (the chart shrinks with a narrower page): the
/// labels at about 14 px.
const SCALE: f64 = 1.25;

fn open_svg(id: &str, title: &str, description: &str, width: f64, height: f64) -> String {
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width:.1} {height:.1}\" width=\"{:.0}\" height=\"{:.0}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        width * SCALE,
        height * SCALE,
        esc(title),
        esc(description)
    )
}

/// Horizontal grouped bars: one group per State, one bar per series.
pub fn grouped_bars(
    id: &str,
    title: &str,
    description: &str,
    series: &[Series],
    groups: &[Group],
) -> String {
    let bar = 12.0;
    let gap = 10.0;
    let plot_w = 440.0;
    let labels: Vec<(Vec<String>, f64)> = groups.iter().map(|g| label_lines(&g.label)).collect();
    let label_w = MARGIN + labels.iter().map(|l| l.1).fold(24.0, f64::max) + LABEL_PAD;
    let value_w = groups
        .iter()
        .flat_map(|g| (0..g.values.len()).map(|j| g.value_text(j)))
        .map(|text| text_width(&text, VALUE_SIZE))
        .fold(0.0, f64::max)
        + 4.0
        + MARGIN;
    let mut width = label_w + plot_w + value_w;
    let (legend_svg, legend_h, legend_right) = legend(series, label_w, width - MARGIN);
    width = width.max(legend_right + MARGIN);
    let line_h = LABEL_SIZE * LINE_HEIGHT;
    let heights: Vec<f64> = labels
        .iter()
        .map(|(lines, _)| (bar * series.len() as f64).max(line_h * lines.len() as f64) + gap)
        .collect();
    let height = legend_h + heights.iter().sum::<f64>() + 10.0;
    let max = groups
        .iter()
        .flat_map(|g| g.values.iter())
        .copied()
        .max()
        .unwrap_or(Decimal::ZERO)
        .to_f64()
        .unwrap_or(0.0)
        .max(1.0);
    let mut svg = open_svg(id, title, description, width, height);
    svg.push_str(&legend_svg);
    let mut top = legend_h;
    for ((g, (lines, _)), group_h) in groups.iter().zip(&labels).zip(&heights) {
        let bars_h = bar * series.len() as f64;
        let bars_top = top + (group_h - gap - bars_h) / 2.0;
        svg.push_str(&label_text(
            label_w - LABEL_PAD,
            top + (group_h - gap) / 2.0,
            lines,
        ));
        for (j, (s, v)) in series.iter().zip(&g.values).enumerate() {
            let w = (v.to_f64().unwrap_or(0.0) / max * plot_w).clamp(0.0, plot_w);
            let y = bars_top + bar * j as f64;
            svg.push_str(&format!(
                "<rect class=\"{}\" x=\"{label_w:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{}\"><title>{}: {}</title></rect>\
                 <text class=\"value\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                s.class,
                bar - 2.0,
                esc(&g.label),
                esc(&s.name),
                label_w + w + 4.0,
                y + bar - 3.0,
                esc(&g.value_text(j))
            ));
        }
        top += group_h;
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal stacked bars: one bar per group, one segment per series.
pub fn stacked_bars(
    id: &str,
    title: &str,
    description: &str,
    series: &[Series],
    groups: &[Group],
) -> String {
    let bar: f64 = 22.0;
    let gap = 12.0;
    let plot_w = 400.0;
    let labels: Vec<(Vec<String>, f64)> = groups.iter().map(|g| label_lines(&g.label)).collect();
    let label_w = MARGIN + labels.iter().map(|l| l.1).fold(24.0, f64::max) + LABEL_PAD;
    let mut width = label_w + plot_w + MARGIN;
    let (legend_svg, legend_h, legend_right) = legend(series, MARGIN, width - MARGIN);
    width = width.max(legend_right + MARGIN);
    let line_h = LABEL_SIZE * LINE_HEIGHT;
    let heights: Vec<f64> = labels
        .iter()
        .map(|(lines, _)| bar.max(line_h * lines.len() as f64) + gap)
        .collect();
    let height = legend_h + heights.iter().sum::<f64>() + 6.0;
    let max = groups
        .iter()
        .map(|g| g.values.iter().copied().sum::<Decimal>())
        .max()
        .unwrap_or(Decimal::ZERO)
        .to_f64()
        .unwrap_or(0.0)
        .max(1.0);
    let mut svg = open_svg(id, title, description, width, height);
    svg.push_str(&legend_svg);
    let mut top = legend_h;
    for ((g, (lines, _)), group_h) in groups.iter().zip(&labels).zip(&heights) {
        let middle = top + (group_h - gap) / 2.0;
        let bar_top = middle - bar / 2.0;
        svg.push_str(&label_text(label_w - LABEL_PAD, middle, lines));
        let mut left = label_w;
        for (s, v) in series.iter().zip(&g.values) {
            let w = (v.to_f64().unwrap_or(0.0) / max * plot_w).clamp(0.0, plot_w);
            if w > 0.0 {
                svg.push_str(&format!(
                    "<rect class=\"{}\" x=\"{left:.1}\" y=\"{bar_top:.1}\" width=\"{w:.1}\" height=\"{bar}\"><title>{}: {} {}</title></rect>",
                    s.class,
                    esc(&g.label),
                    esc(&s.name),
                    v
                ));
                // The count inside its segment, where it fits.
                if text_width(&v.to_string(), INSIDE_SIZE) + 4.0 <= w {
                    svg.push_str(&format!(
                        "<text class=\"inside\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{v}</text>",
                        left + w / 2.0,
                        middle + INSIDE_SIZE * 0.35
                    ));
                }
                left += w;
            }
        }
        top += group_h;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line of text of a chart as drawn: its anchor point, alignment, size and characters.
    #[derive(Debug)]
    struct Line {
        class: String,
        x: f64,
        y: f64,
        anchor: String,
        size: f64,
        text: String,
    }

    fn attr(tag: &str, name: &str) -> Option<String> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let end = start + tag[start..].find('"')?;
        Some(tag[start..end].to_string())
    }

    fn num(tag: &str, name: &str) -> f64 {
        attr(tag, name).map_or(0.0, |v| v.parse().expect("a number"))
    }

    fn unescape(text: &str) -> String {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    fn size_of(class: &str) -> f64 {
        match class {
            "label" => LABEL_SIZE,
            "value" => VALUE_SIZE,
            "inside" => INSIDE_SIZE,
            _ => LEGEND_SIZE,
        }
    }

    /// Every line of every `<text>` of `svg` (each `<tspan>` a line of its own).
    fn lines(svg: &str) -> Vec<Line> {
        let mut out = Vec::new();
        let mut rest = svg;
        while let Some(at) = rest.find("<text ") {
            rest = &rest[at..];
            let tag_end = rest.find('>').unwrap();
            let tag = &rest[..tag_end];
            let body_end = rest.find("</text>").unwrap();
            let body = &rest[tag_end + 1..body_end];
            let class = attr(tag, "class").unwrap_or_default();
            let anchor = attr(tag, "text-anchor").unwrap_or_else(|| "start".into());
            let size = size_of(&class);
            let mut y = num(tag, "y");
            if body.contains("<tspan") {
                let mut spans = body;
                while let Some(at) = spans.find("<tspan") {
                    spans = &spans[at..];
                    let span_tag = &spans[..spans.find('>').unwrap()];
                    let text_start = span_tag.len() + 1;
                    let text_end = spans.find("</tspan>").unwrap();
                    y += num(span_tag, "dy");
                    out.push(Line {
                        class: class.clone(),
                        x: num(span_tag, "x"),
                        y,
                        anchor: anchor.clone(),
                        size,
                        text: unescape(&spans[text_start..text_end]),
                    });
                    spans = &spans[text_end..];
                }
            } else {
                out.push(Line {
                    class,
                    x: num(tag, "x"),
                    y,
                    anchor,
                    size,
                    text: unescape(body),
                });
            }
            rest = &rest[body_end..];
        }
        out
    }

    fn view_box(svg: &str) -> (f64, f64) {
        let v = attr(svg, "viewBox").unwrap();
        let parts: Vec<f64> = v.split(' ').map(|p| p.parse().unwrap()).collect();
        (parts[2], parts[3])
    }

    /// The x of the first bar: where the label column ends.
    fn plot_left(svg: &str) -> f64 {
        let at = svg.find("<rect class=\"s").unwrap();
        let rects: Vec<&str> = svg[at..].split("<rect ").skip(1).collect();
        rects
            .iter()
            .filter(|r| r.contains("<title>"))
            .map(|r| num(&format!(" {r}"), "x"))
            .fold(f64::INFINITY, f64::min)
    }

    fn series(names: &[&str]) -> Vec<Series> {
        names
            .iter()
            .map(|n| Series {
                name: n.to_string(),
                class: "s1",
            })
            .collect()
    }

    fn groups(labels: &[&str], values: &[i64]) -> Vec<Group> {
        labels
            .iter()
            .map(|l| Group {
                label: l.to_string(),
                values: values.iter().map(|v| Decimal::from(*v)).collect(),
                notes: Vec::new(),
            })
            .collect()
    }

    /// The charts of the shipped framework, in both languages, and hostile ones.
    fn charts() -> Vec<String> {
        let pillars_es = [
            "Recepción y admisión",
            "Necesidades inmediatas y persistentes",
            "Apoyo a países y comunidades de acogida",
            "Soluciones duraderas",
        ];
        let pillars_en = [
            "Reception and admission",
            "Immediate and persistent needs",
            "Support to host countries and communities",
            "Durable solutions",
        ];
        let statuses_es = series(&[
            "Planificado",
            "En ejecución",
            "Completado",
            "Suspendido",
            "Sin informar",
        ]);
        let money_es = series(&[
            "Requerido",
            "Inversión del Estado",
            "Asignado",
            "No asignado",
        ]);
        let states = ["BLZ", "CRI", "SLV", "GTM", "HND", "MEX", "PAN"];
        let hostile = [
            "Wmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm",
            "<script>alert('x')</script> & \"quotes\"",
            "難民の受け入れと保護のための国家計画",
            "",
            "MMMMMMMMMM WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW",
        ];
        vec![
            stacked_bars(
                "a",
                "t",
                "d",
                &statuses_es,
                &groups(&pillars_es, &[3, 7, 1, 1, 2]),
            ),
            stacked_bars(
                "b",
                "t",
                "d",
                &statuses_es,
                &groups(&pillars_en, &[40, 1, 0, 9, 2]),
            ),
            stacked_bars(
                "c",
                "t",
                "d",
                &statuses_es,
                &groups(&hostile, &[1, 2, 3, 4, 5]),
            ),
            grouped_bars(
                "d",
                "t",
                "d",
                &money_es,
                &groups(&states, &[987_654_321_000, 45_000_000, 999, 0]),
            ),
            grouped_bars("e", "t", "d", &money_es, &groups(&hostile, &[1, 2, 3, 4])),
            grouped_bars(
                "f",
                "t",
                "d",
                &series(&[hostile[0], hostile[4], "Inversión del Estado", hostile[2]]),
                &groups(&pillars_es, &[5, 6, 7, 8]),
            ),
        ]
    }

    #[test]
    fn chart_labels_are_not_clipped() {
        for svg in charts() {
            let (width, height) = view_box(&svg);
            let column = plot_left(&svg);
            let all = lines(&svg);
            assert!(all.iter().any(|l| l.class == "label"), "{svg}");
            for line in &all {
                let w = text_width(&line.text, line.size);
                let (left, right) = match line.anchor.as_str() {
                    "end" => (line.x - w, line.x),
                    "middle" => (line.x - w / 2.0, line.x + w / 2.0),
                    _ => (line.x, line.x + w),
                };
                assert!(
                    left >= 0.0 && right <= width,
                    "{line:?} spans {left:.1}..{right:.1}, outside the viewBox width {width}"
                );
                assert!(
                    line.y - line.size >= 0.0 && line.y + line.size * 0.3 <= height,
                    "{line:?} is outside the viewBox height {height}"
                );
                if line.class == "label" {
                    assert!(
                        right <= column,
                        "the label {:?} ({w:.1} wide) passes its column, which ends at {column}",
                        line.text
                    );
                }
            }
        }
    }

    #[test]
    fn long_chart_labels_wrap() {
        let label = "Necesidades inmediatas y persistentes";
        let svg = stacked_bars(
            "s",
            "t",
            "d",
            &series(&["Planificado"]),
            &groups(&[label, "BLZ"], &[3]),
        );
        let shown: Vec<Line> = lines(&svg)
            .into_iter()
            .filter(|l| l.class == "label")
            .collect();
        let of_label: Vec<&Line> = shown.iter().filter(|l| l.text != "BLZ").collect();
        assert!(
            of_label.len() >= 2,
            "one line for a long label: {of_label:?}"
        );
        let words: Vec<&str> = of_label.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            words.join(" "),
            label,
            "the lines hold the label's words, in order"
        );
        for line in &of_label {
            assert!(text_width(&line.text, LABEL_SIZE) <= LABEL_MAX, "{line:?}");
        }
        assert!(
            of_label.windows(2).all(|p| p[1].y > p[0].y),
            "each line below the last: {of_label:?}"
        );
        // A short label stays on one line, and a word too long for a line is cut.
        assert_eq!(shown.iter().filter(|l| l.text == "BLZ").count(), 1);
        let long = "x".repeat(200);
        let cut = wrap(&long, LABEL_MAX, LABEL_SIZE);
        assert!(cut.len() > 1 && cut.concat() == long, "{cut:?}");
    }

    #[test]
    fn chart_text_estimate_covers_a_wide_fallback_font() {
        // Advance widths (ems) of DejaVu Sans Bold, a wide font Linux browsers fall back to.
        let dejavu_bold = [
            ('a', 0.675),
            ('b', 0.716),
            ('c', 0.593),
            ('d', 0.716),
            ('e', 0.678),
            ('f', 0.435),
            ('g', 0.716),
            ('h', 0.712),
            ('i', 0.343),
            ('j', 0.343),
            ('k', 0.665),
            ('l', 0.343),
            ('m', 1.042),
            ('n', 0.712),
            ('o', 0.687),
            ('p', 0.716),
            ('q', 0.716),
            ('r', 0.493),
            ('s', 0.595),
            ('t', 0.478),
            ('u', 0.712),
            ('v', 0.652),
            ('w', 0.924),
            ('x', 0.645),
            ('y', 0.652),
            ('z', 0.582),
            ('A', 0.774),
            ('D', 0.830),
            ('G', 0.821),
            ('H', 0.837),
            ('I', 0.372),
            ('M', 0.995),
            ('N', 0.837),
            ('O', 0.850),
            ('Q', 0.850),
            ('U', 0.812),
            ('W', 1.103),
            ('0', 0.696),
            (' ', 0.348),
            ('.', 0.380),
            (',', 0.380),
            (';', 0.400),
            ('(', 0.457),
            ('-', 0.415),
            ('í', 0.343),
            ('ó', 0.687),
            ('ú', 0.712),
            ('ñ', 0.712),
            ('Ó', 0.850),
            ('%', 1.002),
            ('&', 0.872),
        ];
        for (c, em) in dejavu_bold {
            assert!(
                text_width(&c.to_string(), 10.0) >= em * 10.0,
                "{c:?}: estimated narrower than DejaVu Sans Bold"
            );
        }
        // The label that was cut ("ecesidades…") is about 22 ems wide in that font.
        assert!(text_width("Necesidades inmediatas y persistentes", 1.0) >= 22.1);
    }

    #[test]
    fn labels_are_escaped_and_charts_are_labelled() {
        let svg = grouped_bars(
            "c",
            "<b>t</b>",
            "d",
            &[Series {
                name: "a&b".into(),
                class: "s1",
            }],
            &[Group {
                label: "<script>".into(),
                values: vec![Decimal::from(5)],
                notes: vec![Some("</text><script>".into())],
            }],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(
            svg.contains("&lt;/text&gt;&lt;script&gt;"),
            "a note is escaped too"
        );
        assert!(svg.contains("a&amp;b"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"c-title\">&lt;b&gt;t&lt;/b&gt;</title>"));
    }
}
