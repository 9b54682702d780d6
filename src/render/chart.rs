//! Inline SVG charts. Every label is escaped; each chart has a title and a description for
//! screen readers, and the pages also show the same figures as a table.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// One group of bars (a State): its label and values in series order.
pub struct Group {
    pub label: String,
    pub values: Vec<Decimal>,
}

/// A series: its name and CSS class (colours live in the stylesheet).
pub struct Series {
    pub name: String,
    pub class: &'static str,
}

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
    let label_w = 70.0;
    let width = 640.0;
    let plot_w = width - label_w - 70.0;
    let group_h = bar * series.len() as f64 + gap;
    let legend_h = 28.0;
    let height = legend_h + group_h * groups.len() as f64 + 10.0;
    let max = groups
        .iter()
        .flat_map(|g| g.values.iter())
        .copied()
        .max()
        .unwrap_or(Decimal::ZERO)
        .to_f64()
        .unwrap_or(0.0)
        .max(1.0);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(description)
    );
    let mut x = label_w;
    for s in series {
        svg.push_str(&format!(
            "<rect class=\"{}\" x=\"{x}\" y=\"6\" width=\"12\" height=\"12\"/><text x=\"{}\" y=\"16\">{}</text>",
            s.class,
            x + 16.0,
            esc(&s.name)
        ));
        x += 18.0 + 7.5 * s.name.chars().count() as f64 + 16.0;
    }
    for (i, g) in groups.iter().enumerate() {
        let top = legend_h + group_h * i as f64;
        svg.push_str(&format!(
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_w - 8.0,
            top + group_h / 2.0,
            esc(&g.label)
        ));
        for (j, (s, v)) in series.iter().zip(&g.values).enumerate() {
            let w = (v.to_f64().unwrap_or(0.0) / max * plot_w).max(0.0);
            let y = top + bar * j as f64;
            svg.push_str(&format!(
                "<rect class=\"{}\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\"><title>{}: {}</title></rect>\
                 <text class=\"value\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                s.class,
                bar - 2.0,
                esc(&g.label),
                esc(&s.name),
                label_w + w + 4.0,
                y + bar - 3.0,
                short(*v)
            ));
        }
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
    let bar = 22.0;
    let gap = 12.0;
    // Wide enough for the longest label (about 6.2 units a character at the chart's font size).
    let longest = groups
        .iter()
        .map(|g| g.label.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let label_w = (longest * 6.2 + 16.0).clamp(80.0, 320.0);
    let width = 640.0 + (label_w - 230.0).max(0.0);
    let plot_w = width - label_w - 40.0;
    let legend_h = 28.0;
    let height = legend_h + (bar + gap) * groups.len() as f64 + 6.0;
    let max = groups
        .iter()
        .map(|g| g.values.iter().copied().sum::<Decimal>())
        .max()
        .unwrap_or(Decimal::ZERO)
        .to_f64()
        .unwrap_or(0.0)
        .max(1.0);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(description)
    );
    let mut x = 10.0;
    for s in series {
        svg.push_str(&format!(
            "<rect class=\"{}\" x=\"{x}\" y=\"6\" width=\"12\" height=\"12\"/><text x=\"{}\" y=\"16\">{}</text>",
            s.class,
            x + 16.0,
            esc(&s.name)
        ));
        x += 18.0 + 7.0 * s.name.chars().count() as f64 + 14.0;
    }
    for (i, g) in groups.iter().enumerate() {
        let top = legend_h + (bar + gap) * i as f64;
        svg.push_str(&format!(
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_w - 8.0,
            top + bar / 2.0 + 4.0,
            esc(&g.label)
        ));
        let mut left = label_w;
        for (s, v) in series.iter().zip(&g.values) {
            let w = v.to_f64().unwrap_or(0.0) / max * plot_w;
            if w > 0.0 {
                svg.push_str(&format!(
                    "<rect class=\"{}\" x=\"{left:.1}\" y=\"{top}\" width=\"{w:.1}\" height=\"{bar}\"><title>{}: {} {}</title></rect>",
                    s.class,
                    esc(&g.label),
                    esc(&s.name),
                    v
                ));
                if w > 16.0 {
                    svg.push_str(&format!(
                        "<text class=\"inside\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{v}</text>",
                        left + w / 2.0,
                        top + bar / 2.0 + 4.0
                    ));
                }
                left += w;
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

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
            }],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("a&amp;b"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"c-title\">&lt;b&gt;t&lt;/b&gt;</title>"));
    }
}
