//! What drafters write instead of the format's words, and the word the format wants.
//!
//! Drafters write in Spanish (Belize in English) and think in their own words: `prioridad: alta`,
//! `estado: en curso`, `pillar: Soluciones duraderas`, `titulo:`, `15/11/2019`. The tables here
//! hold the format's Spanish words for every key and every value of a closed list, so a
//! diagnostic can answer "did you mean `high`?" instead of listing every value. Matching ignores
//! case, accents, and the difference between spaces, hyphens and underscores; edit distance
//! catches what typing leaves.
//!
//! The tables: [`KEY_WORDS`] (keys), [`ENUM_WORDS`] (values of the schemas' `enum` lists),
//! [`VOCABULARY_WORDS`] (the MIRPS default pillars, populations and working groups; a framework's
//! own titles in `mirps.toml` are matched too, see [`vocabulary_suggestion`]) and
//! [`MONTHS`] (dates).

use crate::config::Config;
use crate::model::Localized;

/// One of the framework's vocabularies, set in `mirps.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vocabulary {
    Pillar,
    Population,
    WorkingGroup,
}

impl Vocabulary {
    /// The vocabulary a field of a document takes, from its JSON Pointer (`/commitments/0/pillar`,
    /// `/commitments/0/populations/1`, `/programmes/0/pillars/0`), if it takes one.
    pub fn of_pointer(pointer: &str) -> Option<Vocabulary> {
        let mut segments = pointer.rsplit('/');
        let last = segments.next()?;
        if last == "pillar" {
            return Some(Vocabulary::Pillar);
        }
        if last.is_empty() || !last.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match segments.next()? {
            "pillars" => Some(Vocabulary::Pillar),
            "populations" => Some(Vocabulary::Population),
            "working_groups" => Some(Vocabulary::WorkingGroup),
            _ => None,
        }
    }

    /// The ids of this vocabulary in `config`, in their order there.
    pub fn ids(self, config: &Config) -> Vec<&str> {
        match self {
            Vocabulary::Pillar => config.pillars.iter().map(|p| p.id.as_str()).collect(),
            Vocabulary::Population => config.populations.iter().map(|p| p.id.as_str()).collect(),
            Vocabulary::WorkingGroup => config
                .working_groups
                .iter()
                .map(|p| p.id.as_str())
                .collect(),
        }
    }

    /// Each id of this vocabulary in `config` with its localized title.
    fn terms(self, config: &Config) -> Vec<(&str, &Localized)> {
        match self {
            Vocabulary::Pillar => config
                .pillars
                .iter()
                .map(|p| (p.id.as_str(), &p.title))
                .collect(),
            Vocabulary::Population => config
                .populations
                .iter()
                .map(|p| (p.id.as_str(), &p.title))
                .collect(),
            Vocabulary::WorkingGroup => config
                .working_groups
                .iter()
                .map(|p| (p.id.as_str(), &p.title))
                .collect(),
        }
    }
}

/// The id of `vocabulary` that `found` most likely means, from the vocabulary the field takes
/// and nothing else: an id written differently (`Durable Solutions`, `durable_solutions`), a
/// localized title from `mirps.toml` (`Soluciones duraderas`), a Spanish word of the format's
/// table (`solicitantes de asilo`, `protección`), a pillar's number (`4`, `pilar 4`), or any of
/// these with a typing slip. Case and accents do not count.
pub fn vocabulary_suggestion<'c>(
    config: &'c Config,
    vocabulary: Vocabulary,
    found: &str,
) -> Option<&'c str> {
    let wanted = fold(found);
    if wanted.is_empty() {
        return None;
    }
    let terms = vocabulary.terms(config);
    // Exact matches first: the id, a title, a word of the table.
    for (id, _) in &terms {
        if fold(id) == wanted {
            return Some(id);
        }
    }
    for (id, title) in &terms {
        if texts(title).any(|t| fold(t) == wanted) {
            return Some(id);
        }
    }
    for (id, words) in VOCABULARY_WORDS {
        if words.iter().any(|w| fold(w) == wanted)
            && let Some((id, _)) = terms.iter().find(|(t, _)| t == id)
        {
            return Some(id);
        }
    }
    if vocabulary == Vocabulary::Pillar {
        let number = wanted
            .trim_start_matches("pillar")
            .trim_start_matches("pilar")
            .trim_start_matches('p')
            .trim();
        if let Ok(n) = number.parse::<u32>()
            && let Some(p) = config.pillars.iter().find(|p| p.number == n)
        {
            return Some(&p.id);
        }
    }
    // Then the nearest by edit distance, among the same names.
    let mut names: Vec<(String, &'c str)> = Vec::new();
    for (id, title) in &terms {
        names.push((fold(id), id));
        names.extend(texts(title).map(|t| (fold(t), *id)));
        if let Some((_, words)) = VOCABULARY_WORDS.iter().find(|(v, _)| v == id) {
            names.extend(words.iter().map(|w| (fold(w), *id)));
        }
    }
    nearest(&wanted, names.iter().map(|(n, id)| (n.as_str(), *id)))
}

/// The value of `options` (a schema's `enum`) that `found` most likely means: the value written
/// differently (`In progress`, `in_progress`), a Spanish or English word of [`ENUM_WORDS`]
/// (`en curso`, `alta`, `aprobado`), or either with a typing slip.
pub fn enum_suggestion<'o>(options: &'o [String], found: &str) -> Option<&'o str> {
    let wanted = fold(found);
    if wanted.is_empty() {
        return None;
    }
    if let Some(option) = options.iter().find(|o| fold(o) == wanted) {
        return Some(option);
    }
    for (value, words) in ENUM_WORDS {
        if words.iter().any(|w| fold(w) == wanted)
            && let Some(option) = options.iter().find(|o| o == value)
        {
            return Some(option);
        }
    }
    let mut names: Vec<(String, &'o str)> = options.iter().map(|o| (fold(o), o.as_str())).collect();
    for (value, words) in ENUM_WORDS {
        if let Some(option) = options.iter().find(|o| o == value) {
            names.extend(words.iter().map(|w| (fold(w), option.as_str())));
        }
    }
    nearest(&wanted, names.iter().map(|(n, o)| (n.as_str(), *o)))
}

/// The key of `allowed` that `found` most likely means: a Spanish word of [`KEY_WORDS`]
/// (`titulo`, `descripción`, `prioridad`), the key written differently (`Working groups`), or
/// either with a typing slip (`priorty`). Never anything but a key allowed where `found` is.
pub fn key_suggestion<'a>(allowed: &[&'a str], found: &str) -> Option<&'a str> {
    Keys::new(allowed, true).suggest(found)
}

/// The keys of one mapping and their words, made once for all its unknown keys.
pub struct Keys<'a> {
    /// Each key and each word, folded, with the key it stands for; keys first.
    names: Vec<(String, &'a str)>,
    exact: std::collections::HashMap<String, &'a str, foldhash::fast::RandomState>,
    /// Whether slips are looked for too (not among thousands of unknown keys: edit distance
    /// against every name would take time for keys that are no one's slip).
    slips: bool,
}

impl<'a> Keys<'a> {
    pub fn new(allowed: &[&'a str], slips: bool) -> Keys<'a> {
        let mut names: Vec<(String, &'a str)> = allowed.iter().map(|k| (fold(k), *k)).collect();
        for (key, words) in KEY_WORDS {
            if let Some(key) = allowed.iter().find(|k| *k == key) {
                names.extend(words.iter().map(|w| (fold(w), *key)));
            }
        }
        let mut exact = std::collections::HashMap::with_hasher(Default::default());
        for (name, key) in &names {
            exact.entry(name.clone()).or_insert(*key);
        }
        Keys {
            names,
            exact,
            slips,
        }
    }

    /// The key `found` stands for, if any.
    pub fn suggest(&self, found: &str) -> Option<&'a str> {
        let wanted = fold(found);
        if wanted.is_empty() {
            return None;
        }
        if let Some(key) = self.exact.get(&wanted) {
            return Some(key);
        }
        if !self.slips {
            return None;
        }
        nearest(&wanted, self.names.iter().map(|(n, k)| (n.as_str(), *k)))
    }
}

/// Every text of a localized value.
fn texts(text: &Localized) -> Box<dyn Iterator<Item = &str> + '_> {
    match text {
        Localized::Plain(s) => Box::new(std::iter::once(s.as_str())),
        Localized::Map(t) => Box::new(t.values().map(String::as_str)),
    }
}

/// The target of the name nearest to `wanted` (both folded), if close enough to be a slip: one
/// edit for short words (`alta`, `baja`), a third of the length for longer ones. A tie between
/// two targets suggests neither.
fn nearest<'n, 't>(
    wanted: &str,
    names: impl Iterator<Item = (&'n str, &'t str)>,
) -> Option<&'t str> {
    let len = wanted.chars().count();
    let limit = if len <= 4 { 1 } else { (len / 3).max(2) };
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    for (name, target) in names {
        if name.chars().count().abs_diff(len) > limit {
            continue;
        }
        let d = strsim::levenshtein(wanted, name);
        if d > limit {
            continue;
        }
        match best {
            Some((b, t)) if d == b && t != target => tie = true,
            Some((b, _)) if d >= b => {}
            _ => {
                best = Some((d, target));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, t)| t)
}

/// `text` as the tables compare it: lower case, without accents, with spaces, hyphens and
/// underscores alike (one space), trimmed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.trim().chars() {
        if c.is_whitespace() || c == '-' || c == '_' {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        for lower in c.to_lowercase() {
            out.push(match lower {
                'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                other => other,
            });
        }
    }
    out
}

/// The format's keys and the words drafters write for them (Spanish first, singular and plural,
/// then English variants). A key is suggested only where the schema allows it.
#[rustfmt::skip]
pub const KEY_WORDS: &[(&str, &[&str])] = &[
    ("kind", &["tipo de documento", "clase"]),
    ("schema_version", &["version", "version del esquema", "version esquema"]),
    ("state", &["estado miembro", "pais", "país", "country"]),
    ("name", &["nombre", "nombres"]),
    ("language", &["idioma", "lengua", "lang"]),
    ("status", &["estado", "estatus", "situacion", "situación", "state"]),
    ("updated", &["actualizado", "actualizacion", "actualización", "fecha",
        "fecha de actualizacion", "last updated", "date"]),
    ("contact", &["contacto", "contactos"]),
    ("summary", &["resumen", "sintesis", "síntesis"]),
    ("context", &["contexto"]),
    ("sections", &["secciones", "seccion", "sección", "apartados"]),
    ("title", &["titulo", "título", "titulos", "títulos", "nombre del compromiso"]),
    ("body", &["cuerpo", "texto", "contenido"]),
    ("institutions", &["instituciones", "institucion", "institución", "entidades"]),
    ("url", &["sitio web", "web", "pagina web", "página web", "enlace", "link", "website"]),
    ("commitments", &["compromisos", "compromiso", "commitment"]),
    ("id", &["identificador", "codigo", "código", "clave"]),
    ("pillar", &["pilar", "pilares"]),
    ("pillars", &["pilares", "pilar"]),
    ("description", &["descripcion", "descripción", "descripciones", "detalle"]),
    ("populations", &["poblaciones", "poblacion", "población", "poblacion meta", "population"]),
    ("working_groups", &["grupos de trabajo", "grupo de trabajo", "grupos", "working group"]),
    ("lead", &["lider", "líder", "responsable", "institucion responsable",
        "institución responsable", "institucion lider", "institución líder"]),
    ("partners", &["socios", "aliados", "asociados", "contrapartes", "colaboradores"]),
    ("timeframe", &["plazo", "periodo", "período", "calendario", "duracion", "duración"]),
    ("period", &["periodo", "período", "plazo", "duracion", "duración"]),
    ("start", &["inicio", "comienzo", "desde", "fecha de inicio"]),
    ("end", &["fin", "final", "hasta", "fecha de fin", "termino", "término"]),
    ("budget", &["presupuesto", "costo", "coste"]),
    ("currency", &["moneda", "divisa"]),
    ("required", &["requerido", "monto requerido", "total", "costo total", "necesario"]),
    ("state_investment", &["inversion estatal", "inversión estatal", "inversion del estado",
        "inversión del estado", "aporte estatal", "aporte del estado", "inversion", "inversión"]),
    ("indicators", &["indicadores", "indicador"]),
    ("unit", &["unidad", "unidad de medida"]),
    ("baseline", &["linea base", "línea base", "linea de base", "línea de base", "base"]),
    ("target", &["meta", "objetivo", "valor meta"]),
    ("priority", &["prioridad", "prioridades", "priorizacion", "priorización"]),
    ("progress", &["avance", "avances", "progreso", "seguimiento"]),
    ("year", &["año", "ano", "anio", "gestion", "gestión"]),
    ("percent", &["porcentaje", "por ciento", "%", "percentage"]),
    ("challenges", &["desafios", "desafíos", "retos", "dificultades", "obstaculos", "obstáculos"]),
    ("grf_pledges", &["promesas grf", "compromisos grf", "foro mundial", "grf"]),
    ("organization", &["organizacion", "organización", "organismo"]),
    ("type", &["tipo"]),
    ("programmes", &["programas", "programa", "programs", "programme"]),
    ("states", &["estados", "paises", "países"]),
    ("complements", &["complementa", "complementos", "complementa a"]),
    ("contributor", &["contribuyente", "donante", "cooperante", "aportante"]),
    ("south_south", &["sur sur", "cooperacion sur sur", "cooperación sur sur"]),
    ("pledges", &["contribuciones", "contribucion", "contribución", "aportes", "promesas"]),
    ("beneficiaries", &["beneficiarios", "beneficiario", "estados beneficiarios"]),
    ("supports", &["apoya", "apoyos", "apoyo", "destinos"]),
    ("amount", &["monto", "montos", "importe", "cantidad"]),
    ("pledged", &["comprometido", "prometido", "monto comprometido"]),
    ("disbursed", &["desembolsado", "pagado", "monto desembolsado"]),
    ("places", &["plazas", "cupos", "lugares"]),
    ("grf_pledge", &["promesa grf", "compromiso grf"]),
    ("institution", &["institucion", "institución", "entidad"]),
    ("email", &["correo", "correo electronico", "correo electrónico", "e-mail", "mail"]),
    ("phone", &["telefono", "teléfono", "tel"]),
];

/// The values of the schemas' closed lists and the words drafters write for them. A word may
/// stand under two values (`completado` is `completed` for a commitment, `fulfilled` for a
/// pledge): the one the field allows is suggested.
#[rustfmt::skip]
pub const ENUM_WORDS: &[(&str, &[&str])] = &[
    // A chapter's status.
    ("draft", &["borrador", "en borrador", "en elaboracion", "en elaboración", "en redaccion",
        "en redacción"]),
    ("submitted", &["presentado", "presentada", "enviado", "enviada", "remitido", "remitida",
        "entregado", "entregada", "sent"]),
    ("adopted", &["adoptado", "adoptada", "aprobado", "aprobada", "aprobados", "aprobadas",
        "vigente", "oficial", "approved"]),
    // Progress of a commitment or programme.
    ("planned", &["planificado", "planificada", "planeado", "planeada", "previsto", "prevista",
        "programado", "programada", "pendiente", "por iniciar", "no iniciado", "no iniciada",
        "sin iniciar", "not started"]),
    ("in-progress", &["en curso", "en progreso", "en proceso", "en marcha", "en ejecucion",
        "en ejecución", "en implementacion", "en implementación", "en desarrollo", "iniciado",
        "iniciada", "avanzando", "ongoing", "started", "in process"]),
    ("completed", &["completado", "completada", "completo", "completa", "terminado", "terminada",
        "concluido", "concluida", "finalizado", "finalizada", "cumplido", "cumplida", "logrado",
        "lograda", "ejecutado", "ejecutada", "done", "finished", "complete"]),
    ("suspended", &["suspendido", "suspendida", "detenido", "detenida", "paralizado",
        "paralizada", "en pausa", "pausado", "pausada", "interrumpido", "interrumpida", "paused",
        "stopped"]),
    // Priority of a commitment.
    ("high", &["alta", "alto", "prioritaria", "prioritario", "urgente", "elevada"]),
    ("medium", &["media", "medio", "mediana", "intermedia", "moderada", "normal"]),
    ("low", &["baja", "bajo", "menor"]),
    // Type of a pledge.
    ("financial", &["financiero", "financiera", "financiamiento", "financiacion", "financiación",
        "economico", "económico", "economica", "económica", "fondos", "dinero", "monetario",
        "monetaria"]),
    ("material", &["materiales", "en especie", "bienes", "equipamiento", "equipo", "insumos"]),
    ("technical", &["tecnica", "técnica", "tecnico", "técnico", "asistencia tecnica",
        "asistencia técnica", "cooperacion tecnica", "cooperación técnica", "capacitacion",
        "capacitación"]),
    ("resettlement", &["reasentamiento", "reasentamientos", "vias complementarias",
        "vías complementarias"]),
    ("policy", &["politica", "política", "politico", "político", "apoyo politico",
        "apoyo político", "incidencia"]),
    // Status of a pledge.
    ("planning", &["planificacion", "planificación", "en planificacion", "en planificación",
        "planificado", "planificada", "previsto", "prevista", "pendiente", "planned"]),
    ("fulfilled", &["cumplido", "cumplida", "completado", "completada", "entregado", "entregada",
        "desembolsado", "desembolsada", "ejecutado", "ejecutada", "completed", "done"]),
    // Type of an organization.
    ("regional-organization", &["organizacion regional", "organización regional",
        "organismo regional", "organismo regional", "regional"]),
    ("un-agency", &["agencia de la onu", "agencia de naciones unidas",
        "agencia de las naciones unidas", "organismo de naciones unidas",
        "organismo de las naciones unidas", "naciones unidas", "onu",
        "sistema de naciones unidas", "un"]),
    ("international-organization", &["organizacion internacional", "organización internacional",
        "organismo internacional", "internacional"]),
    ("development-bank", &["banco de desarrollo", "banco multilateral", "banco",
        "multilateral development bank"]),
    ("civil-society", &["sociedad civil", "ong", "organizacion no gubernamental",
        "organización no gubernamental", "ngo"]),
    ("private-sector", &["sector privado", "empresa", "empresas", "privado"]),
    ("academia", &["academico", "académico", "academica", "académica", "universidad",
        "universidades"]),
];

/// The MIRPS default vocabularies (the ids of `mirps.toml`'s defaults) and the words drafters
/// write for them, besides the titles `mirps.toml` gives. An entry counts only when the
/// framework's vocabulary has that id.
#[rustfmt::skip]
pub const VOCABULARY_WORDS: &[(&str, &[&str])] = &[
    // Pillars.
    ("reception-admission", &["recepcion y admision", "recepción y admisión", "recepcion",
        "recepción", "admision", "admisión", "reception", "admission"]),
    ("immediate-needs", &["necesidades inmediatas", "necesidades inmediatas y persistentes",
        "necesidades persistentes", "atencion inmediata", "atención inmediata",
        "immediate needs"]),
    ("host-communities", &["comunidades de acogida", "comunidad de acogida",
        "comunidades receptoras", "comunidad receptora",
        "apoyo a paises y comunidades de acogida", "apoyo a países y comunidades de acogida",
        "paises de acogida", "países de acogida", "comunidades de destino",
        "host community"]),
    ("durable-solutions", &["soluciones duraderas", "solucion duradera", "solución duradera",
        "soluciones", "durable solution"]),
    // Populations.
    ("refugees", &["refugiados", "refugiadas", "refugiado", "refugiada", "personas refugiadas",
        "persona refugiada", "refugee"]),
    ("asylum-seekers", &["solicitantes de asilo", "solicitante de asilo",
        "personas solicitantes de asilo", "solicitantes de refugio", "solicitante de refugio",
        "solicitantes de la condicion de refugiado", "solicitantes de la condición de refugiado",
        "solicitantes", "asylum seeker", "asylum-seeker"]),
    ("idps", &["desplazados internos", "desplazadas internas", "personas desplazadas internas",
        "personas desplazadas internamente", "desplazados", "desplazadas",
        "desplazamiento interno", "desplazado interno", "internally displaced",
        "internally displaced persons", "idp"]),
    ("returnees", &["retornados", "retornadas", "retornado", "retornada", "personas retornadas",
        "personas deportadas", "deportados", "deportadas",
        "retornados con necesidades de proteccion", "retornados con necesidades de protección",
        "returnee", "deportees"]),
    ("in-transit", &["en transito", "en tránsito", "personas en transito", "personas en tránsito",
        "migrantes en transito", "migrantes en tránsito", "transito", "tránsito",
        "people in transit", "transit"]),
    // `host-communities` is a pillar id and a population id; its words are above.
    // Working groups.
    ("protection", &["proteccion", "protección"]),
    ("social-protection", &["proteccion social", "protección social"]),
    ("education", &["educacion", "educación"]),
    ("health", &["salud"]),
    ("jobs-livelihoods", &["empleo y medios de vida", "empleo", "medios de vida", "empleos",
        "trabajo", "empleabilidad", "jobs and livelihoods", "livelihoods", "jobs"]),
];

/// Month names and their abbreviations, Spanish and English, folded.
pub const MONTHS: &[&[&str]] = &[
    &["enero", "ene", "january", "jan"],
    &["febrero", "feb", "february"],
    &["marzo", "mar", "march"],
    &["abril", "abr", "april", "apr"],
    &["mayo", "may"],
    &["junio", "jun", "june"],
    &["julio", "jul", "july"],
    &["agosto", "ago", "august", "aug"],
    &["septiembre", "setiembre", "sep", "sept", "set", "september"],
    &["octubre", "oct", "october"],
    &["noviembre", "nov", "november"],
    &["diciembre", "dic", "december", "dec"],
];

/// Words a written date may hold that say nothing about it.
const DATE_FILLERS: &[&str] = &[
    "de",
    "del",
    "of",
    "the",
    "el",
    "lunes",
    "martes",
    "miercoles",
    "jueves",
    "viernes",
    "sabado",
    "domingo",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A date as a drafter wrote it, read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WrittenDate {
    /// A whole date: year, month, day.
    Day(i32, u32, u32),
    /// A month of a year, without the day (`noviembre de 2019`).
    Month(i32, u32),
}

impl WrittenDate {
    /// `2019-11-15` or `2019-11`.
    pub fn iso(self) -> String {
        match self {
            WrittenDate::Day(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            WrittenDate::Month(y, m) => format!("{y:04}-{m:02}"),
        }
    }
}

/// Read a date written as drafters write it: `15/11/2019`, `15-11-2019`, `15.11.2019`,
/// `2019/11/15`, `15 de noviembre de 2019`, `noviembre de 2019`, `November 15, 2019`,
/// `11/2019`. Day first (the region's order) unless the second number cannot be a month.
pub fn written_date(text: &str) -> Option<WrittenDate> {
    enum Token {
        Number(u32, usize),
        Month(u32),
    }
    let folded = fold(text);
    let mut tokens = Vec::new();
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if DATE_FILLERS.contains(&word) {
            continue;
        }
        let digits = word.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h', 'o', 'º']);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            if digits.len() > 4 {
                return None;
            }
            tokens.push(Token::Number(digits.parse().ok()?, digits.len()));
        } else if let Some(m) = MONTHS.iter().position(|names| names.contains(&word)) {
            tokens.push(Token::Month(m as u32 + 1));
        } else {
            return None;
        }
    }
    let year = |n: u32, len: usize| -> Option<i32> {
        match len {
            4 => Some(n as i32),
            2 => Some(2000 + n as i32),
            _ => None,
        }
    };
    let date = match tokens.as_slice() {
        [Token::Number(d, dl), Token::Month(m), Token::Number(y, yl)]
        | [Token::Month(m), Token::Number(d, dl), Token::Number(y, yl)]
            if *dl <= 2 =>
        {
            WrittenDate::Day(year(*y, *yl)?, *m, *d)
        }
        [Token::Month(m), Token::Number(y, 4)] => WrittenDate::Month(*y as i32, *m),
        [
            Token::Number(y, 4),
            Token::Number(m, ml),
            Token::Number(d, dl),
        ] if *ml <= 2 && *dl <= 2 => WrittenDate::Day(*y as i32, *m, *d),
        [
            Token::Number(a, al),
            Token::Number(b, bl),
            Token::Number(y, yl),
        ] if *al <= 2 && *bl <= 2 => {
            let (d, m) = if *b > 12 && *a <= 12 {
                (*b, *a)
            } else {
                (*a, *b)
            };
            WrittenDate::Day(year(*y, *yl)?, m, d)
        }
        [Token::Number(m, ml), Token::Number(y, 4)] if *ml <= 2 => {
            WrittenDate::Month(*y as i32, *m)
        }
        [Token::Number(y, 4), Token::Number(m, ml)] if *ml <= 2 => {
            WrittenDate::Month(*y as i32, *m)
        }
        _ => return None,
    };
    let real = match date {
        WrittenDate::Day(y, m, d) => (1..=12).contains(&m) && d >= 1 && d <= days_in(y, m),
        WrittenDate::Month(_, m) => (1..=12).contains(&m),
    };
    real.then_some(date)
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// An amount as a drafter wrote it, read: the plain number to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenAmount {
    /// The number as the format wants it: `450000`, `450000.5`.
    pub number: String,
    /// The whole part with a space between thousands, as the message shows it: `450 000`.
    pub spaced: String,
    /// A currency was written with it (`US$`, `USD`, `Q`, `dólares`).
    pub currency: bool,
    /// Its thousands are separated by dots (`1.200.000`, `450.000`), the reading a number with
    /// a dot would not get.
    pub dots: bool,
}

/// Currency signs and codes written before or after an amount, folded, longest first.
const CURRENCY_SIGNS: &[&str] = &[
    "usd$", "us$", "u$s", "rd$", "mx$", "c$", "b/.", "$", "€", "£", "₡", "¢", "q.", "l.",
];
const CURRENCY_WORDS: &[&str] = &[
    "dolares",
    "dolar",
    "dollars",
    "dollar",
    "pesos",
    "peso",
    "quetzales",
    "quetzal",
    "lempiras",
    "lempira",
    "colones",
    "colon",
    "euros",
    "euro",
    "balboas",
    "balboa",
    "cordobas",
    "cordoba",
    "q",
    "l",
];

/// Read an amount written with a currency or with thousands separators (`US$ 450,000`,
/// `450.000`, `1.200.000`, `450 000`, `450.000,50`). `None` for a plain number, which needs no
/// help, and for text that is not an amount.
pub fn written_amount(text: &str) -> Option<WrittenAmount> {
    let mut rest = text.trim();
    let mut currency = false;
    // Signs and codes around the number: `US$ 450,000`, `450 000 USD`, `Q. 1.500`.
    loop {
        let before = rest;
        rest = strip_currency(rest, &mut currency);
        if rest == before {
            break;
        }
    }
    let core = rest;
    if core.is_empty() || !core.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !core.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let is_space = |c: char| c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\'';
    // Digit groups and the separator before each but the first.
    let mut groups: Vec<&str> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut start = 0;
    let mut last_sep: Option<char> = None;
    for (i, c) in core.char_indices() {
        if c.is_ascii_digit() {
            if let Some(sep) = last_sep.take() {
                seps.push(sep);
                start = i;
            }
            continue;
        }
        let class = if is_space(c) {
            ' '
        } else if c == ',' || c == '.' {
            c
        } else {
            return None;
        };
        if last_sep.is_some() {
            return None; // two separators in a row
        }
        groups.push(&core[start..i]);
        last_sep = Some(class);
    }
    groups.push(&core[start..]);
    if seps.is_empty() {
        // A plain number: nothing to say unless a currency stood with it.
        if !currency {
            return None;
        }
        let whole = core.trim_start_matches('0');
        let whole = if whole.is_empty() { "0" } else { whole };
        return Some(WrittenAmount {
            number: whole.to_string(),
            spaced: spaced(whole),
            currency,
            dots: false,
        });
    }
    let thousands = |groups: &[&str]| -> bool {
        (1..=3).contains(&groups[0].len())
            && !groups[0].starts_with('0')
            && groups[1..].iter().all(|g| g.len() == 3)
    };
    let last = *seps.last()?;
    let all_same = seps.iter().all(|s| *s == last);
    let (whole, fraction, dots): (String, Option<&str>, bool) = if all_same && thousands(&groups) {
        // `450,000`, `1.200.000`, `450 000`: thousands only. A lone `.` with three digits is
        // taken for thousands too: that is the trap this reading is for.
        (groups.concat(), None, last == '.')
    } else if last != ' ' && (1..=2).contains(&groups.last()?.len()) {
        // `450.000,50`, `450,000.50`, `450,5`: the last separator is the decimal one, the others
        // (all of one other kind) separate thousands.
        let (fraction, whole_groups) = groups.split_last()?;
        let thousand_seps = &seps[..seps.len() - 1];
        let sep = thousand_seps.first().copied();
        if thousand_seps.iter().any(|s| Some(*s) != sep || *s == last) {
            return None;
        }
        if !thousand_seps.is_empty() && !thousands(whole_groups) {
            return None;
        }
        if thousand_seps.is_empty() && last == '.' && !currency {
            return None; // `450.50` is a plain number
        }
        (whole_groups.concat(), Some(*fraction), sep == Some('.'))
    } else {
        return None;
    };
    let whole_trimmed = whole.trim_start_matches('0');
    let whole = if whole_trimmed.is_empty() {
        "0"
    } else {
        whole_trimmed
    };
    let fraction = fraction
        .map(|f| f.trim_end_matches('0'))
        .filter(|f| !f.is_empty());
    Some(WrittenAmount {
        number: match fraction {
            Some(f) => format!("{whole}.{f}"),
            None => whole.to_string(),
        },
        spaced: spaced(whole),
        currency,
        dots,
    })
}

/// `rest` without a currency sign, code or word at its start or end; sets `currency` if one
/// was there.
fn strip_currency<'t>(rest: &'t str, currency: &mut bool) -> &'t str {
    let lower = rest.to_lowercase();
    // Same byte lengths: the signs and words compared are ASCII or single characters whose
    // lower case has the same length.
    if lower.len() != rest.len() {
        return rest;
    }
    for sign in CURRENCY_SIGNS {
        if lower.starts_with(sign) {
            *currency = true;
            return rest[sign.len()..].trim_start();
        }
        if lower.ends_with(sign) {
            *currency = true;
            return rest[..rest.len() - sign.len()].trim_end();
        }
    }
    // A three-letter code (`USD 450,000`, `450 000 MXN`) or a word, apart from the number.
    let first = rest
        .split(|c: char| c == ' ' || c.is_ascii_digit())
        .next()
        .unwrap_or("");
    if is_currency_word(first) {
        *currency = true;
        return rest[first.len()..].trim_start();
    }
    let last = rest
        .rsplit(|c: char| c == ' ' || c.is_ascii_digit())
        .next()
        .unwrap_or("");
    if is_currency_word(last) {
        *currency = true;
        return rest[..rest.len() - last.len()].trim_end();
    }
    rest
}

fn is_currency_word(word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    (word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase()))
        || CURRENCY_WORDS.contains(&fold(word).as_str())
}

/// `450000` as `450 000`.
fn spaced(digits: &str) -> String {
    let digits: Vec<char> = digits.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(*c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::defaults(std::path::PathBuf::from("."))
    }

    #[test]
    fn pointers_name_their_vocabulary() {
        assert_eq!(
            Vocabulary::of_pointer("/commitments/0/pillar"),
            Some(Vocabulary::Pillar)
        );
        assert_eq!(
            Vocabulary::of_pointer("/programmes/2/pillars/0"),
            Some(Vocabulary::Pillar)
        );
        assert_eq!(
            Vocabulary::of_pointer("/commitments/0/populations/3"),
            Some(Vocabulary::Population)
        );
        assert_eq!(
            Vocabulary::of_pointer("/commitments/0/working_groups/0"),
            Some(Vocabulary::WorkingGroup)
        );
        assert_eq!(Vocabulary::of_pointer("/commitments/0/populations"), None);
        assert_eq!(Vocabulary::of_pointer("/commitments/0/lead"), None);
    }

    #[test]
    fn vocabulary_values_from_titles_and_spanish_words() {
        let c = config();
        let s = |v, f| vocabulary_suggestion(&c, v, f);
        assert_eq!(
            s(Vocabulary::Pillar, "Soluciones duraderas"),
            Some("durable-solutions")
        );
        assert_eq!(
            s(Vocabulary::Pillar, "soluciones  DURADERAS"),
            Some("durable-solutions")
        );
        assert_eq!(
            s(Vocabulary::Pillar, "Recepción y admisión"),
            Some("reception-admission")
        );
        assert_eq!(
            s(Vocabulary::Pillar, "Recepcion"),
            Some("reception-admission")
        );
        assert_eq!(s(Vocabulary::Pillar, "4"), Some("durable-solutions"));
        assert_eq!(s(Vocabulary::Pillar, "pilar 2"), Some("immediate-needs"));
        assert_eq!(
            s(Vocabulary::Pillar, "durable_solutions"),
            Some("durable-solutions")
        );
        assert_eq!(
            s(Vocabulary::Population, "solicitantes de asilo"),
            Some("asylum-seekers")
        );
        assert_eq!(s(Vocabulary::Population, "Refugiados"), Some("refugees"));
        assert_eq!(
            s(Vocabulary::Population, "personas retornadas"),
            Some("returnees")
        );
        assert_eq!(
            s(Vocabulary::WorkingGroup, "Protección"),
            Some("protection")
        );
        assert_eq!(s(Vocabulary::WorkingGroup, "salud"), Some("health"));
        assert_eq!(s(Vocabulary::WorkingGroup, "educacion"), Some("education"));
        // Slips.
        assert_eq!(
            s(Vocabulary::Pillar, "durable-solution"),
            Some("durable-solutions")
        );
        assert_eq!(
            s(Vocabulary::Pillar, "soluciones duradera"),
            Some("durable-solutions")
        );
        // Only from the vocabulary the field takes.
        assert_eq!(s(Vocabulary::Pillar, "solicitantes de asilo"), None);
        assert_eq!(s(Vocabulary::Population, "Soluciones duraderas"), None);
        assert_eq!(s(Vocabulary::Pillar, "protección"), None);
        assert_eq!(s(Vocabulary::Pillar, "nada que ver"), None);
    }

    #[test]
    fn enum_values_from_spanish_words() {
        let options = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let progress = options(&["planned", "in-progress", "completed", "suspended"]);
        let priority = options(&["high", "medium", "low"]);
        let pledge = options(&["planning", "in-progress", "fulfilled"]);
        let chapter = options(&["draft", "submitted", "adopted"]);
        assert_eq!(enum_suggestion(&progress, "en curso"), Some("in-progress"));
        assert_eq!(enum_suggestion(&progress, "En Curso"), Some("in-progress"));
        assert_eq!(
            enum_suggestion(&progress, "in progress"),
            Some("in-progress")
        );
        assert_eq!(enum_suggestion(&progress, "completado"), Some("completed"));
        assert_eq!(enum_suggestion(&progress, "completdo"), Some("completed"));
        assert_eq!(enum_suggestion(&pledge, "completado"), Some("fulfilled"));
        assert_eq!(enum_suggestion(&priority, "alta"), Some("high"));
        assert_eq!(enum_suggestion(&priority, "Media"), Some("medium"));
        assert_eq!(enum_suggestion(&priority, "baja"), Some("low"));
        assert_eq!(enum_suggestion(&chapter, "aprobado"), Some("adopted"));
        assert_eq!(enum_suggestion(&chapter, "borrador"), Some("draft"));
        assert_eq!(enum_suggestion(&priority, "en curso"), None);
        assert_eq!(enum_suggestion(&priority, "xyz"), None);
    }

    #[test]
    fn keys_from_spanish_words() {
        let allowed = [
            "id",
            "pillar",
            "title",
            "description",
            "priority",
            "populations",
            "lead",
        ];
        assert_eq!(key_suggestion(&allowed, "titulo"), Some("title"));
        assert_eq!(key_suggestion(&allowed, "Título"), Some("title"));
        assert_eq!(key_suggestion(&allowed, "descripcion"), Some("description"));
        assert_eq!(key_suggestion(&allowed, "prioridad"), Some("priority"));
        assert_eq!(key_suggestion(&allowed, "priorty"), Some("priority"));
        assert_eq!(key_suggestion(&allowed, "pilar"), Some("pillar"));
        assert_eq!(key_suggestion(&allowed, "poblaciones"), Some("populations"));
        // Never a key that is not allowed here.
        assert_eq!(key_suggestion(&allowed, "presupuesto"), None);
        assert_eq!(key_suggestion(&["name", "id"], "titulo"), None);
    }

    #[test]
    fn dates_as_drafters_write_them() {
        let d = |t| written_date(t).map(WrittenDate::iso);
        assert_eq!(d("15/11/2019").as_deref(), Some("2019-11-15"));
        assert_eq!(d("15-11-2019").as_deref(), Some("2019-11-15"));
        assert_eq!(d("15.11.2019").as_deref(), Some("2019-11-15"));
        assert_eq!(d("5/3/2019").as_deref(), Some("2019-03-05"));
        assert_eq!(d("11/15/2019").as_deref(), Some("2019-11-15"));
        assert_eq!(d("2019/11/15").as_deref(), Some("2019-11-15"));
        assert_eq!(d("15 de noviembre de 2019").as_deref(), Some("2019-11-15"));
        assert_eq!(
            d("viernes 15 de Noviembre del 2019").as_deref(),
            Some("2019-11-15")
        );
        assert_eq!(d("November 15, 2019").as_deref(), Some("2019-11-15"));
        assert_eq!(d("15th November 2019").as_deref(), Some("2019-11-15"));
        assert_eq!(d("noviembre de 2019").as_deref(), Some("2019-11"));
        assert_eq!(d("Setiembre 2019").as_deref(), Some("2019-09"));
        assert_eq!(d("11/2019").as_deref(), Some("2019-11"));
        assert_eq!(d("30/02/2019"), None);
        assert_eq!(d("32/01/2019"), None);
        assert_eq!(d("mañana"), None);
        assert_eq!(d("2019"), None);
    }

    #[test]
    fn amounts_as_drafters_write_them() {
        let a = |t| written_amount(t).map(|a| (a.number, a.currency, a.dots));
        assert_eq!(a("450.000"), Some(("450000".into(), false, true)));
        assert_eq!(a("1.200.000"), Some(("1200000".into(), false, true)));
        assert_eq!(a("450,000"), Some(("450000".into(), false, false)));
        assert_eq!(a("450 000"), Some(("450000".into(), false, false)));
        assert_eq!(a("US$ 450,000"), Some(("450000".into(), true, false)));
        assert_eq!(a("USD 450,000"), Some(("450000".into(), true, false)));
        assert_eq!(a("$450,000.00"), Some(("450000".into(), true, false)));
        assert_eq!(a("450.000,50"), Some(("450000.5".into(), false, true)));
        assert_eq!(a("Q. 1.500"), Some(("1500".into(), true, true)));
        assert_eq!(a("450000 dólares"), Some(("450000".into(), true, false)));
        assert_eq!(a("US$ 450"), Some(("450".into(), true, false)));
        assert_eq!(a("450,5"), Some(("450.5".into(), false, false)));
        assert_eq!(a("450000"), None);
        assert_eq!(a("450.5"), None);
        assert_eq!(a("0.125"), None);
        assert_eq!(a("45,00,000"), None);
        assert_eq!(a("Decreto 44-2016"), None);
        assert_eq!(a("tres mil"), None);
        assert_eq!(written_amount("1.200.000").unwrap().spaced, "1 200 000");
    }
}
