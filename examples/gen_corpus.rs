//! A deterministic corpus of synthetic online safety policies, for the benchmark in `bench/`.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --count 10000 --seed 1 --out bench/corpus/n10000-s1
//! ```
//!
//! Each policy is built from a bank of sentences per topic, shuffled and varied by a seeded
//! random number generator, so the same seed always gives byte-identical files (each policy
//! depends only on the seed and its own number, so a corpus of N is the first N files of any
//! larger one). The mix is meant to look like what a partnership collects:
//!
//! - mostly schools, with some colleges, nurseries and voluntary or statutory agencies;
//! - KCSIE editions from 2020 to 2025 cited, and some policies citing none;
//! - about 60% with TOML front matter, the rest prose only (as most schools write them);
//! - a known share of gaps: sections left out, blank cells in the key-people table, review
//!   dates that have passed;
//! - stale terms in about a fifth of policies (e-safety, sexting, UKCCIS, peer-on-peer…);
//! - messy real-world shapes: numbered headings ("4.2 …"), bold lines standing in for
//!   headings, one-item numbered lists as headings (Word exports), key-people tables, curly
//!   quotes, and CRLF line endings in some files.
//!
//! Sizes run from 20 to 80 KB with an average near 50 KB. `MANIFEST.tsv` in the output folder
//! lists what went into each file. The output folder must be empty or not exist.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// SplitMix64: small, fast and good enough to vary text; fixed so the corpus never changes
/// with a dependency's version.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    pub count: usize,
    pub seed: u64,
    /// Smallest and largest policy, in bytes (before CRLF conversion).
    pub min_bytes: usize,
    pub max_bytes: usize,
}

impl Config {
    pub fn new(count: usize, seed: u64) -> Config {
        Config {
            count,
            seed,
            min_bytes: 20 * 1024,
            max_bytes: 80 * 1024,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    School,
    College,
    EarlyYears,
    Agency,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::School => "school",
            Kind::College => "college",
            Kind::EarlyYears => "early-years",
            Kind::Agency => "agency",
        }
    }
}

/// What went into one generated policy (a line of `MANIFEST.tsv`).
#[derive(Debug, Clone)]
pub struct Generated {
    /// Path below the output folder, with forward slashes.
    pub path: String,
    pub bytes: usize,
    pub kind: Kind,
    pub edition: Option<u16>,
    pub front_matter: bool,
    pub crlf: bool,
    pub missing: Vec<&'static str>,
    pub blank_cells: usize,
    pub stale: Vec<&'static str>,
    pub review_overdue: bool,
}

/// Generate the corpus into `out` (which must be empty or absent). Returns what was written.
pub fn generate(cfg: &Config, out: &Path) -> io::Result<Vec<Generated>> {
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{} is not empty; give a new folder (the corpus is never written over other files)",
            out.display()
        )));
    }
    std::fs::create_dir_all(out)?;
    let mut manifest = String::from(
        "path\tbytes\tkind\tedition\tfront_matter\tcrlf\tmissing_sections\tblank_key_people_cells\tstale_terms\treview_overdue\n",
    );
    let mut all = Vec::with_capacity(cfg.count);
    for i in 0..cfg.count {
        let (g, bytes) = policy(cfg, i);
        let path = out.join(&g.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &bytes)?;
        let _ = writeln!(
            manifest,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            g.path,
            g.bytes,
            g.kind.as_str(),
            g.edition.map(|e| e.to_string()).unwrap_or_default(),
            g.front_matter,
            g.crlf,
            g.missing.join(","),
            g.blank_cells,
            g.stale.join(","),
            g.review_overdue
        );
        all.push(g);
    }
    std::fs::write(out.join("MANIFEST.tsv"), manifest)?;
    Ok(all)
}

/// One policy: its description and its bytes. Depends only on the seed and `index`.
pub fn policy(cfg: &Config, index: usize) -> (Generated, Vec<u8>) {
    let mut seeder = Rng::new(cfg.seed ^ 0x5EED_0FC0_4405);
    // a per-policy stream: mix the index in through the generator itself
    seeder.0 = seeder
        .0
        .wrapping_add((index as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    let mut rng = Rng::new(seeder.next_u64());
    Writer::new(cfg, index, &mut rng).write()
}

// ---------------------------------------------------------------------------------------
// Names and places
// ---------------------------------------------------------------------------------------

const FIRST: &[&str] = &[
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Eleanor",
    "Femi",
    "Grace",
    "Harjit",
    "Imogen",
    "Jonah",
    "Kezia",
    "Liam",
    "Maryam",
    "Nathan",
    "Olu",
    "Poppy",
    "Rashid",
    "Sian",
    "Tariq",
    "Una",
    "Victor",
    "Wendy",
    "Yusuf",
    "Zara",
    "Gareth",
    "Helen",
    "Mehmet",
    "Niamh",
    "Colin",
    "Ayesha",
    "Bernadette",
    "Dominic",
    "Esther",
    "Farah",
    "Gordon",
    "Ingrid",
    "Kwame",
    "Lorna",
    "Mohammed",
    "Nadia",
    "Owen",
    "Precious",
    "Rhiannon",
    "Stuart",
    "Theresa",
    "Uzma",
    "Vikram",
    "Winston",
];

const LAST: &[&str] = &[
    "Abbott",
    "Bajwa",
    "Campbell",
    "Dlamini",
    "Evans",
    "Fitzgerald",
    "Gupta",
    "Hughes",
    "Iqbal",
    "Jenkins",
    "Kowalski",
    "Lloyd",
    "Mensah",
    "Nowak",
    "O'Brien",
    "Patel",
    "Quinn",
    "Robertson",
    "Saunders",
    "Thompson",
    "Underwood",
    "Varma",
    "Whitaker",
    "Yilmaz",
    "Zhang",
    "Ashworth",
    "Brennan",
    "Chaudhry",
    "Doherty",
    "Ellison",
    "Forsyth",
    "Gallagher",
    "Hussain",
    "Ibrahim",
    "Jackson",
    "Kaur",
    "Lambert",
    "McAllister",
    "Nolan",
    "Okonkwo",
    "Pritchard",
];

const TITLES: &[&str] = &["Mrs", "Mr", "Ms", "Dr", "Miss", ""];

const PLACES: &[&str] = &[
    "Ashford",
    "Beckbridge",
    "Calder Vale",
    "Dunmore",
    "Elmfield",
    "Fenwick",
    "Glenside",
    "Hartwell",
    "Ivybridge",
    "Juniper Hill",
    "Kingsmead",
    "Longmoor",
    "Millbrook",
    "Northfleet",
    "Oakridge",
    "Pinehurst",
    "Queensway",
    "Riverside",
    "Stanton",
    "Thornbury",
    "Upperton",
    "Valley Road",
    "Westbrook",
    "Yarrow",
    "Alder Green",
    "Brookfield",
    "Cranleigh Park",
    "Deepdale",
    "Eastcote",
    "Foxhill",
    "Greenacre",
    "Holloway Lane",
    "Larchwood",
    "Marshfield",
];

const SAINTS: &[&str] = &[
    "St Aidan's",
    "St Bede's",
    "St Cuthbert's",
    "St Hilda's",
    "St Mary's",
    "St Joseph's",
    "St Peter's",
    "Holy Trinity",
    "Christ Church",
    "St Anne's",
    "Our Lady of Lourdes",
];

/// Local authorities: folder names in the corpus, as a partnership might keep them.
const AUTHORITIES: &[(&str, &str, Option<&str>)] = &[
    ("Richmond upon Thames", "richmond", Some("krscp")),
    ("Kingston upon Thames", "kingston", Some("krscp")),
    ("Northshire", "northshire", Some("nscp")),
    ("Eastborough", "eastborough", None),
    ("Westmoor", "westmoor", None),
    ("Southdale", "southdale", Some("sdscp")),
    ("Midcaster", "midcaster", None),
    ("Lakeland Vale", "lakeland-vale", None),
    ("Harbourside", "harbourside", None),
    ("Greyford", "greyford", None),
    ("Ridgeway", "ridgeway", None),
    ("Coldwater", "coldwater", None),
];

const PROVIDERS: &[&str] = &[
    "Northgate IT Services",
    "BrightNet Schools",
    "the local authority's ICT service",
    "Castle Digital",
    "EduSecure Ltd",
    "our multi-academy trust's IT team",
    "Meridian Technology",
    "ClearPath Networks",
];

const FILTERS: &[&str] = &[
    "a cloud web filter",
    "a DNS filtering service",
    "the broadband provider's filtering",
    "a firewall with web filtering",
    "a filtering appliance on the school network",
];

const MONITORS: &[&str] = &[
    "active monitoring software on our devices",
    "keyword-based monitoring with daily alerts",
    "physical supervision together with monitoring software",
    "a monitoring service that reviews alerts and escalates serious ones at once",
];

// ---------------------------------------------------------------------------------------
// The sentence banks. Placeholders in braces are filled per policy:
// {org} {setting} {children} {child} {head} {board} {dsl} {ddsl} {prevent} {osl} {gov}
// {slt} {provider} {filter} {monitor} {la} {edition} {staff} {year}
// ---------------------------------------------------------------------------------------

struct Topic {
    key: &'static str,
    headings: &'static [&'static str],
    /// Sentences that make up the section's paragraphs, shuffled per policy.
    sentences: &'static [&'static str],
    /// Items for a bulleted list, when the section has one.
    bullets: &'static [&'static str],
    /// May be left out of a policy (a gap).
    optional: bool,
    /// Only for these kinds (empty: all kinds).
    only: &'static [Kind],
}

const TOPICS: &[Topic] = &[
    Topic {
        key: "purpose",
        headings: &[
            "Purpose and aims",
            "Aims of this policy",
            "Why we have this policy",
            "Introduction",
        ],
        sentences: &[
            "Technology is part of everyday life for our {children}, and it brings real opportunities for learning, play and friendship as well as real risks.",
            "This policy sets out how {org} keeps {children} and adults safe when they use the internet, devices and online services.",
            "It explains what everyone must do when something goes wrong online, and who they should tell.",
            "Online safety is a safeguarding matter, so this policy sits alongside our child protection policy and should be read with it.",
            "We want {children} to become confident, critical and kind users of technology who know when and how to ask for help.",
            "The policy applies the same standards online as offline: behaviour that would be unacceptable in person is unacceptable on a screen.",
            "We keep the policy short enough to be read and used, and we point to other policies for the detail where that helps.",
            "Where this policy says 'staff' it includes supply staff, volunteers, students on placement and anyone else working with our {children}.",
            "Our aim is to spot concerns early, respond quickly and learn from what happens, so that the same harm is less likely to happen again.",
            "An online safeguarding incident is simply a safeguarding incident in which technology is involved, and we treat it as one.",
            "Our approach is built on clear roles, sensible filtering and monitoring, good teaching and a culture in which {children} feel able to speak up.",
            "We recognise that the online world changes quickly, and we expect to adapt this policy as new apps, devices and risks appear.",
        ],
        bullets: &[
            "protect {children}, staff and volunteers when they use technology, in and out of the {setting};",
            "teach {children} to use technology safely and to ask for help when something worries them;",
            "set clear expectations for the use of {setting} systems, personal devices and social media;",
            "filter and monitor in a way that keeps {children} safe without getting in the way of learning;",
            "respond to concerns quickly through our usual safeguarding procedures;",
            "work with parents and carers so that the same messages are heard at home.",
        ],
        optional: false,
        only: &[],
    },
    Topic {
        key: "scope",
        headings: &["Scope", "Who this policy applies to", "Scope of the policy"],
        sentences: &[
            "This policy applies to all {children}, staff, volunteers, {board} members, contractors and visitors.",
            "It covers the use of any device, whether it belongs to the {setting}, to a member of staff or to a {child}, on site and off site.",
            "It applies to online behaviour outside {setting} hours where that behaviour affects the safety or wellbeing of members of our community.",
            "It covers our networks, our guest Wi-Fi, our cloud services and any platform we use for remote learning or communication with families.",
            "Parents and carers are covered when they use {setting} systems or join online events that we run.",
            "Contractors who can reach our systems, such as our IT provider, are expected to follow the relevant parts of this policy.",
            "The policy covers smart watches, tablets, games consoles and any other device that connects to the internet, not only phones and computers.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "guidance",
        headings: &[
            "Legislation and guidance",
            "Statutory guidance and the law",
            "What this policy is based on",
        ],
        sentences: &[
            "This policy follows Keeping Children Safe in Education {edition} and Working Together to Safeguard Children 2023.",
            "We take account of the DfE filtering and monitoring standards for schools and colleges and the cyber security standards.",
            "We follow the UKCIS advice on sharing nudes and semi-nudes, as updated in March 2024.",
            "Our approach to the Prevent duty follows the Prevent duty guidance for England and Wales, revised in 2023.",
            "Data protection follows the UK GDPR and the Data Protection Act 2018.",
            "We take account of the Online Safety Act 2023 and the offences it introduced, including sharing intimate images without consent.",
            "Searching, screening and confiscation follow the DfE guidance of the same name.",
            "Relevant offences include those under the Communications Act 2003, the Malicious Communications Act 1988 and the Protection of Children Act 1978.",
            "Where the local safeguarding partnership publishes procedures, those procedures come first and this policy should be read with them.",
            "Lawful monitoring of our systems rests on the Investigatory Powers Act 2016 and the associated regulations.",
        ],
        bullets: &[
            "Keeping Children Safe in Education {edition}",
            "Working Together to Safeguard Children 2023",
            "Filtering and monitoring standards for schools and colleges",
            "Sharing nudes and semi-nudes: advice for education settings (UKCIS)",
            "Teaching online safety in schools",
            "Prevent duty guidance",
            "Searching, screening and confiscation",
            "Education for a Connected World (UKCIS)",
        ],
        optional: true,
        only: &[],
    },
    Topic {
        key: "roles",
        headings: &[
            "Roles and responsibilities",
            "Who does what",
            "Responsibilities",
        ],
        sentences: &[
            "The {board} has overall responsibility for making sure this policy is in place, approved and followed.",
            "The {board} approves this policy and reviews how well it is working at least once a year.",
            "Our safeguarding governor, {gov}, meets the designated safeguarding lead each term to discuss online safety.",
            "The {head} makes sure that staff understand this policy and that it is applied consistently.",
            "The designated safeguarding lead (DSL) is {dsl}, who takes lead responsibility for safeguarding and child protection, including online safety and understanding the filtering and monitoring systems in place.",
            "The deputy DSL is {ddsl}, who is trained to the same level; lead responsibility stays with the DSL.",
            "Our online safety lead is {osl}, who supports the DSL, plans the online safety curriculum and reports to the DSL.",
            "{slt} is the member of the senior leadership team responsible for filtering and monitoring, and {gov} is the governor responsible for filtering and monitoring.",
            "All staff must read this policy, follow it, and report any online safety concern to the DSL without delay.",
            "{children} are expected to follow the acceptable use agreement and to tell a trusted adult about anything that worries them online.",
            "Parents and carers are asked to support the policy and to talk with their children about what they do online.",
            "Our IT provider, {provider}, manages the technical side of filtering and monitoring and reports problems to the DSL and to {slt}.",
            "The data protection officer advises on anything involving personal data, including images and monitoring records.",
            "The Prevent lead (single point of contact) is {prevent}.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "whole",
        headings: &[
            "Our whole {setting} approach",
            "A whole {setting} approach",
            "Culture and approach",
        ],
        sentences: &[
            "Online safety is part of our whole {setting} approach to safeguarding: it shows up in our policies, our teaching, our training and our conversations with families.",
            "We want every adult to feel responsible for online safety, not only the DSL or the computing lead.",
            "Online safety is considered when we plan the curriculum, when we buy new systems and when we write other policies.",
            "We listen to {children} about the apps and games they use, and we use what they tell us to decide what to teach and when.",
            "Our approach is reviewed with the {board}, staff, {children} and parents so that everyone has a voice in it.",
            "We take an 'it could happen here' attitude, and we do not assume that our filtering means nothing harmful can get through.",
            "Staff model good online behaviour in lessons, in their communication with families and in their own use of social media.",
        ],
        bullets: &[],
        optional: true,
        only: &[],
    },
    Topic {
        key: "risks",
        headings: &[
            "Understanding online risk",
            "The risks we plan for",
            "Online risks",
        ],
        sentences: &[
            "We think about online risk in four areas: content, contact, conduct and commerce.",
            "Content risk means being exposed to illegal, inappropriate or harmful material, such as pornography, racism, self-harm, radicalisation and misinformation.",
            "Contact risk means harmful online interaction with other users, including grooming, exploitation and adults posing as children.",
            "Conduct risk means online behaviour that increases the likelihood of, or causes, harm, such as sharing nudes, bullying and making or sharing abusive images.",
            "Commerce risk means online gambling, inappropriate advertising, phishing and financial scams, including sextortion.",
            "Misinformation, disinformation and conspiracy theories are content risks, and we teach {children} how to question what they see.",
            "We are aware that access to content about self-harm or suicide can put a {child} at risk, and any such concern is raised with the DSL.",
            "Many of the risks {children} meet are linked to other harms, such as exploitation, bullying, radicalisation or mental health difficulties.",
            "We keep up to date with new risks through the safeguarding partnership, our training and what {children} tell us.",
            "Online gaming and chat features can bring {children} into contact with strangers, so we talk about this from an early age.",
        ],
        bullets: &[
            "content: being exposed to illegal, inappropriate or harmful material;",
            "contact: being subjected to harmful online interaction with other users;",
            "conduct: online behaviour that increases the likelihood of, or causes, harm;",
            "commerce: risks such as online gambling, inappropriate advertising, phishing and financial scams.",
        ],
        optional: true,
        only: &[],
    },
    Topic {
        key: "greater",
        headings: &[
            "{children_title} at greater risk of harm online",
            "Vulnerable {children} online",
        ],
        sentences: &[
            "Some {children} are at greater risk of harm online, including those with special educational needs and disabilities, looked-after children and those with a social worker.",
            "{children_title} who are isolated, who are young carers or who are exploring their identity may be targeted by people who seek to exploit them.",
            "We think about these {children} when we plan teaching, supervision and support, and we share concerns with the DSL.",
            "Staff know that a {child} with communication needs may not be able to tell us about harm in the usual way, and they watch for changes in behaviour.",
            "Additional support may include extra teaching, closer supervision, and work with parents, carers and other agencies.",
        ],
        bullets: &[],
        optional: true,
        only: &[],
    },
    Topic {
        key: "filtering",
        headings: &[
            "Filtering and monitoring",
            "Filtering, monitoring and online systems",
            "Keeping our systems safe",
        ],
        sentences: &[
            "We have appropriate filtering and monitoring systems in place on all {setting} devices and on our networks, including the guest Wi-Fi.",
            "Our filtering is provided by {provider} using {filter}, and our monitoring uses {monitor}.",
            "We follow the DfE filtering and monitoring standards: we identify and assign roles, review provision at least once a year, block harmful content without unreasonably affecting teaching, and have effective monitoring strategies.",
            "{slt} and {gov} are responsible for making sure the standards are met, working with the DSL and our IT provider.",
            "Filtering must not unreasonably restrict teaching and learning; over-blocking is reported to the DSL and reviewed, and a site is unblocked only after a check.",
            "Every decision to block or allow a site or category is recorded with the reason, who made it and when.",
            "Monitoring alerts go to the DSL and deputy DSL, who decide what action to take and record it.",
            "Staff who see something concerning on a screen, or who think a harmful site has got through the filter, tell the DSL straight away.",
            "We review filtering and monitoring at least once a year, when something changes and after any incident that shows a gap.",
            "The review is informed by our Prevent risk assessment and by the needs of our {children}, so that what we do is proportionate to the risks.",
            "We check that filtering works, using regular tests, and we record the results.",
            "When we choose and review filtering and monitoring we take into account the age range and number of our {children}, how often they use our IT, and the cost of a change against the risk it addresses.",
            "We review our filtering and monitoring provision at least annually, and sooner when a new risk is identified or technology changes.",
            "Our cyber security arrangements are checked by {provider} each term and reviewed by {slt} every year.",
            "Information and cyber security protect our systems and users: we keep software updated, use strong passwords and multi-factor authentication, and back up data.",
            "We use the plan technology for your school service to check our progress against the digital and technology standards.",
            "Staff are reminded that monitoring takes place and that it covers {setting} devices used at home.",
        ],
        bullets: &[
            "the filter blocks illegal content, including child sexual abuse material and terrorist content;",
            "the filter is applied to all users, including guest accounts;",
            "alerts are reviewed every working day;",
            "changes to filtering rules are recorded with reasons;",
            "the DSL receives a termly summary of monitoring reports.",
        ],
        optional: false,
        only: &[],
    },
    Topic {
        key: "mobile",
        headings: &[
            "Mobile and smart technology",
            "Mobile phones and personal devices",
            "Phones, cameras and smart devices",
        ],
        sentences: &[
            "This section covers mobile phones, smart watches, tablets, cameras and any other mobile and smart technology.",
            "{children_title} do not use mobile phones during the {setting} day: phones are switched off and handed in, or kept in bags, from arrival until the end of the day.",
            "Staff keep personal phones away from {children} and use them only in staff areas, except in an emergency or when agreed by the {head}.",
            "Staff must never use a personal device to take photographs or videos of {children}.",
            "Work devices taken off site are used for work only, are kept secure and are protected by a password or PIN.",
            "Visitors are asked not to use phones or cameras where {children} are present and are told this when they sign in.",
            "Searching a {child}'s phone is done only in line with the DfE guidance on searching, screening and confiscation, and any image of concern is not viewed but passed to the DSL.",
            "Smart watches that can take photographs or send messages are treated in the same way as phones.",
            "Phones can reach the internet through mobile networks (3G, 4G and 5G), which our filtering cannot cover, so they are switched off and handed in at the start of the day.",
            "Staff who need to contact parents use {setting} phones or approved systems, not personal accounts.",
            "Any breach of these rules is dealt with under our behaviour or staff conduct policies.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "aup",
        headings: &["Acceptable use", "Acceptable use agreements"],
        sentences: &[
            "Everyone who uses our systems agrees to an acceptable use agreement: there are versions for staff, {children}, volunteers and visitors.",
            "Acceptable use agreements are signed when someone joins us and renewed each year.",
            "The agreements explain what is expected, that use is monitored, and what happens if the rules are broken.",
            "Younger {children} agree to a short, illustrated version that is read with them.",
            "Breaches of an acceptable use agreement are recorded and, where there is a safeguarding concern, passed to the DSL.",
        ],
        bullets: &[],
        optional: true,
        only: &[],
    },
    Topic {
        key: "curriculum",
        headings: &[
            "Teaching {children} about online safety",
            "Online safety education",
            "Education and the curriculum",
        ],
        sentences: &[
            "{children_title} are taught about online safety through the curriculum, including relationships, sex and health education and computing.",
            "Teaching is planned using Education for a Connected World so that it builds from year to year.",
            "{children_title} learn how to evaluate what they see online, how to recognise techniques used for persuasion, and how to keep personal information private.",
            "They learn what to do if they see something upsetting, how to report it, and who to tell.",
            "We teach about healthy relationships online, consent, and the law on sharing images.",
            "Lessons are adapted for {children} with special educational needs and for those at greater risk.",
            "We mark Safer Internet Day and use assemblies to reinforce key messages.",
            "We teach {children} to recognise misinformation and to check sources before sharing.",
            "Online safety is also picked up in other subjects when it arises naturally, for example in English or citizenship.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "parents",
        headings: &[
            "Working with parents and carers",
            "Parents and carers",
            "Families",
        ],
        sentences: &[
            "We work with parents and carers so that {children} hear consistent messages at home and at the {setting}.",
            "We tell parents and carers about our filtering and monitoring, what we ask {children} to do online at the {setting}, and who they will be talking to.",
            "We share information about online safety through newsletters, our website and parent workshops.",
            "Parents and carers who are worried about something online can speak to the DSL or any member of staff.",
            "We ask parents not to post images of other people's children taken at {setting} events on social media.",
            "We signpost parents to reliable advice, such as Internet Matters, Parent Zone and the NSPCC.",
        ],
        bullets: &[],
        optional: true,
        only: &[],
    },
    Topic {
        key: "remote",
        headings: &[
            "Remote education and live streaming",
            "Remote learning",
            "Online lessons and video calls",
        ],
        sentences: &[
            "Remote education and live streaming follow the same safeguarding standards as teaching in person.",
            "Staff use only approved platforms and {setting} accounts, never personal ones, for remote teaching.",
            "Live sessions are recorded or attended by a second adult where possible, and staff take care about what can be seen in the background.",
            "{children_title} are reminded of the acceptable use agreement before remote lessons begin.",
            "Any concern that arises during remote learning is reported to the DSL in the usual way.",
        ],
        bullets: &[],
        optional: true,
        only: &[],
    },
    Topic {
        key: "ai",
        headings: &[
            "Artificial intelligence",
            "Generative AI",
            "Artificial intelligence (AI) tools",
        ],
        sentences: &[
            "Generative AI tools can help with teaching and administration, but they also bring risks, including inaccurate content, bias and the creation of harmful images.",
            "Staff may use generative AI only through tools the {setting} has approved, and must not enter personal data about {children} or staff.",
            "We follow the DfE generative AI product safety standards when choosing tools, and our filtering covers AI services.",
            "Staff training covers the risks and safe use of generative AI, including deepfakes and AI-generated sexual images.",
            "An AI-generated indecent image of a child is treated as a child protection concern in exactly the same way as any other indecent image.",
            "{children_title} are taught that AI can be wrong and that they should check what it tells them.",
        ],
        bullets: &[],
        optional: true,
        only: &[],
    },
    Topic {
        key: "incidents",
        headings: &[
            "Responding to online safety concerns",
            "Reporting and responding to incidents",
            "What to do when there is a concern",
        ],
        sentences: &[
            "Online safety incidents are safeguarding concerns and follow our child protection procedure.",
            "Any member of staff with a concern reports it to the DSL at once and records it on our safeguarding system.",
            "If a {child} is in immediate danger, staff call the police on 999 and then tell the DSL.",
            "The DSL decides whether to refer to children's social care through the Single Point of Access or the local front door, and whether to involve the police.",
            "Staff do not investigate themselves; they listen, reassure, record what was said and pass it on.",
            "Evidence on a device is secured: the device is switched off or kept safe, and nothing is deleted, copied, forwarded or printed.",
            "Staff must never view, copy, print, share or store an indecent image of a child, even to show a colleague.",
            "Incidents are recorded with the date, what happened, who was involved and what action was taken, and records are kept securely.",
            "Staff write down what they saw, when and where, keep the device secure until the DSL decides what happens next, and do not delete or copy anything on it.",
            "After an incident the DSL considers what can be learned and whether teaching, filtering or supervision should change.",
            "Parents and carers are told about an incident unless doing so would put the {child} at risk.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "nudes",
        headings: &["Sharing nudes and semi-nudes", "Nude and semi-nude images"],
        sentences: &[
            "We follow the UKCIS advice on sharing nudes and semi-nudes: every incident is reported to the DSL, and staff do not view or forward the images.",
            "The DSL holds an initial review meeting, speaks to the {children} involved where appropriate, and decides whether to refer.",
            "An incident is referred to the police and children's social care at once if an adult is involved, if there is coercion or blackmail, if the images show acts unusual for the {child}'s development, if any {child} is under 13, or if a {child} is at immediate risk.",
            "Where there is no immediate referral, the DSL considers whether a referral is needed within 24 hours.",
            "Parents and carers are told unless informing them would put the {child} at risk.",
            "{children_title} are told about Report Remove, run by Childline and the Internet Watch Foundation, which can help get images removed.",
            "Any adult who shares or asks for nude images of a {child} is always referred to the police, and the adult is not alerted before the referral.",
            "A record is kept of the decisions made and the reasons for them.",
        ],
        bullets: &[],
        optional: true,
        only: &[],
    },
    Topic {
        key: "childonchild",
        headings: &[
            "Child-on-child abuse and online bullying",
            "Online bullying",
            "Bullying and abuse between {children}",
        ],
        sentences: &[
            "Child-on-child abuse can happen online as well as in person, and we treat it as seriously wherever it happens.",
            "Online bullying is dealt with under our anti-bullying policy, and all incidents are recorded.",
            "Child-on-child abuse online includes cyberbullying, abusive, harassing and misogynistic messages, the non-consensual sharing of nudes and semi-nudes, sharing pornography and upskirting.",
            "Where online bullying or abuse raises a safeguarding concern, it is passed to the DSL.",
            "We teach {children} that sharing abusive messages or images is harmful and may be a crime.",
            "Staff challenge inappropriate language and behaviour, including online, and never dismiss it as banter or growing up.",
            "Support is offered to the {child} who has been harmed and to the {child} who caused the harm.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "prevent",
        headings: &[
            "Radicalisation and the Prevent duty",
            "Prevent",
            "Extremism and radicalisation online",
        ],
        sentences: &[
            "We have a duty to prevent people from being drawn into terrorism, and this includes the online world.",
            "Our Prevent lead (single point of contact) is {prevent}, who works closely with the DSL.",
            "Staff who are concerned that a {child} may be susceptible to radicalisation tell the DSL, who may make a Prevent referral to Channel.",
            "Terrorist or extremist material found online is reported through the government's reporting tool and to the DSL.",
            "Our filtering blocks extremist content, and our Prevent risk assessment informs the filtering and monitoring we have in place.",
            "We teach {children} about the ways extremists use the internet and how to question what they see.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "lado",
        headings: &[
            "Concerns about adults",
            "Allegations against staff and the LADO",
            "Concerns about staff and volunteers",
        ],
        sentences: &[
            "A concern about the online conduct of a member of staff or volunteer is reported to the {head}, or to the chair of the {board} if it is about the {head}.",
            "Allegations that an adult may have harmed a child, or behaved in a way that suggests they may pose a risk, are referred to the local authority designated officer (LADO) within one working day.",
            "Low-level concerns are recorded and managed under our low-level concerns policy.",
            "Staff should not investigate an allegation themselves or alert the adult concerned.",
            "We follow the procedures of the safeguarding partnership for managing allegations.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "staffvictim",
        headings: &["Staff who are targeted online", "Supporting staff"],
        sentences: &[
            "Staff and volunteers who are targeted online, for example by abusive posts from parents or {children}, will be supported.",
            "They should keep evidence and tell their line manager or the {head}, who will agree what action to take.",
            "Support may include asking for content to be removed, involving the police, and access to wellbeing support.",
            "The Professionals Online Safety Helpline can advise staff who are targeted online.",
        ],
        bullets: &[],
        optional: true,
        only: &[],
    },
    Topic {
        key: "conduct",
        headings: &[
            "Staff conduct online and social media",
            "Social media and staff conduct",
            "Professional conduct online",
        ],
        sentences: &[
            "Staff follow our staff code of conduct in their own use of technology and social media, in and out of work.",
            "Staff must not accept friend requests from {children} or communicate with them through personal accounts.",
            "Staff keep their privacy settings high and think about how their posts could affect their professional standing.",
            "Communication with {children} and parents happens only through {setting} systems.",
            "The {setting}'s official social media accounts are managed by named staff and follow this policy.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "training",
        headings: &["Training", "Staff training", "Training and awareness"],
        sentences: &[
            "All staff receive safeguarding and child protection training, including online safety, at induction and then at least every year.",
            "Training covers the filtering and monitoring systems we use and what staff must do if they see something concerning.",
            "The DSL and deputies receive updated training at least every two years, including online safety and Prevent, and refresh their knowledge each year.",
            "All governors and trustees receive safeguarding and child protection training, including online safety, at induction and it is regularly updated.",
            "We keep a record of the training each person has completed.",
            "Staff attend partnership training on online abuse and its links to other forms of abuse.",
            "Staff training also covers the risks and safe use of generative AI.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "images",
        headings: &[
            "Digital images and video",
            "Photographs and video",
            "Images of {children}",
        ],
        sentences: &[
            "We ask parents for consent before images of {children} are published, and we respect their choices.",
            "Images are taken only on {setting} devices and are stored securely on {setting} systems.",
            "Full names are not published alongside images of {children}.",
            "Images are deleted when they are no longer needed, in line with our data retention schedule.",
        ],
        bullets: &[],
        optional: true,
        only: &[],
    },
    Topic {
        key: "data",
        headings: &[
            "Data protection",
            "Data protection and information sharing",
            "Personal data",
        ],
        sentences: &[
            "Personal data is handled in line with the UK GDPR and the Data Protection Act 2018.",
            "Data protection law does not prevent the sharing of information for the purposes of keeping children safe.",
            "Staff share information confidently and proportionately when it is needed to protect a {child}.",
            "Our data protection officer can advise on any question about personal data.",
            "Breaches of personal data are reported to the data protection officer at once.",
        ],
        bullets: &[],
        optional: true,
        only: &[],
    },
    Topic {
        key: "routes",
        headings: &[
            "Reporting routes and support",
            "Where to get help",
            "Support and reporting",
        ],
        sentences: &[
            "{children_title} can report a concern to any member of staff, through our online worry box or through a trusted adult at home.",
            "{children_title} can also contact Childline on 0800 1111 or report online abuse to the CEOP Safety Centre, part of the National Crime Agency.",
            "Report Remove helps young people get nude images of themselves taken down from the internet.",
            "Adults can report illegal images to the Internet Watch Foundation.",
            "The Professionals Online Safety Helpline gives advice to staff about online safety issues.",
            "We display posters showing these routes around the {setting}.",
        ],
        bullets: &[
            "Childline: 0800 1111 or www.childline.org.uk",
            "CEOP Safety Centre: www.ceop.police.uk/Safety-Centre",
            "Internet Watch Foundation: report.iwf.org.uk",
            "Report terrorist material: www.gov.uk/report-terrorism",
            "Professionals Online Safety Helpline: 0344 381 4772",
        ],
        optional: true,
        only: &[],
    },
    Topic {
        key: "review",
        headings: &[
            "Monitoring and review",
            "Review of this policy",
            "Reviewing the policy",
        ],
        sentences: &[
            "This policy is reviewed every year by the DSL and approved by the {board}.",
            "It is also reviewed when there are changes to technology, to the risks {children} face or to statutory guidance.",
            "The annual review is supported by an online safety risk assessment that considers the risks our {children} face.",
            "We use the 360 safe self-review tool to check our approach and plan improvements.",
            "The review takes account of incidents, monitoring reports, and the views of {children}, staff and parents.",
        ],
        bullets: &[],
        optional: false,
        only: &[],
    },
    Topic {
        key: "links",
        headings: &["Links with other policies", "Related policies"],
        sentences: &[
            "This policy should be read with our child protection policy, behaviour policy, anti-bullying policy, staff code of conduct, data protection policy and acceptable use agreements.",
            "Where policies overlap, the child protection policy takes precedence.",
        ],
        bullets: &[
            "Child protection and safeguarding policy",
            "Behaviour policy",
            "Anti-bullying policy",
            "Staff code of conduct",
            "Data protection policy",
            "Acceptable use agreements",
            "Remote education policy",
        ],
        optional: true,
        only: &[],
    },
    Topic {
        key: "eyfs",
        headings: &[
            "Mobile phones and cameras in the setting",
            "Cameras and devices in the nursery",
        ],
        sentences: &[
            "The EYFS requires us to have a policy on the use of mobile phones and cameras in the setting, and this section is it.",
            "Personal mobile phones and cameras are kept in lockers and are not used in rooms where children are present.",
            "Only setting tablets are used to take photographs for learning journals, and these never leave the setting unless encrypted.",
            "Each child has a key person who knows them well and notices changes in their behaviour.",
        ],
        bullets: &[],
        optional: false,
        only: &[Kind::EarlyYears],
    },
];

/// Sentences any section may carry: the connective tissue of real policies.
const GENERAL: &[&str] = &[
    "This applies equally to {children} who join us part-way through the year.",
    "Where anything in this section is unclear, staff should ask the DSL before acting.",
    "The {head} reports on this area to the {board} each term.",
    "We keep a written record of the decisions we make and the reasons for them.",
    "These arrangements were discussed with staff at a training day before this version was approved.",
    "Our practice here is checked during the annual safeguarding audit.",
    "Supply and temporary staff are told about these arrangements when they arrive.",
    "We will update this section if the guidance changes before the next review.",
    "Staff who are unsure whether something is a concern should always raise it rather than wait.",
    "New staff read this section as part of their induction and sign to say they have done so.",
    "The same expectations apply on trips, residential visits and events held away from the {setting}.",
    "We try to use plain language so that everyone in our community can follow this policy.",
    "Copies of this policy are available from the office and on our website.",
    "Volunteers are supervised and are not left alone with {children} while using devices.",
    "We work closely with the safeguarding partnership in {la} and follow its procedures.",
    "Questions about this section can be raised with any member of the senior leadership team.",
    "In an emergency, the safety of the {child} comes before every other consideration.",
    "We review how well this works by talking to staff, {children} and families.",
    "Nothing in this section stops a member of staff from acting at once to protect a {child}.",
    "Records are kept for as long as our retention schedule requires and then securely destroyed.",
    "Where a {child} has an education, health and care plan, the plan is taken into account.",
    "Translations of key information are available for families who need them.",
    "Contractors working on site are told about these rules before they start.",
    "The {board} receives an anonymised summary of concerns and how they were resolved.",
    "We learn from reviews published by the partnership and from national case reviews.",
    "This section was last changed when our systems were replaced during {year}.",
    "Staff are encouraged to suggest improvements to the way we do things.",
    "The arrangements described here are tested during our safeguarding walk-throughs.",
    "We expect the same standards from everyone, whatever their role or length of service.",
    "Where a concern involves more than one {setting}, the DSLs work together and share information.",
];

/// Stale wording that some policies still carry, each with where it slots in.
const STALE: &[(&str, &str)] = &[
    (
        "esafety",
        "Our e-safety coordinator keeps this e-safety policy up to date and leads e-safety assemblies.",
    ),
    (
        "sexting",
        "Incidents of sexting are handled under the sexting guidance and reported to the DSL.",
    ),
    (
        "ukccis",
        "We follow the advice of the UK Council for Child Internet Safety (UKCCIS).",
    ),
    (
        "lscb",
        "Concerns are referred in line with the procedures of the Local Safeguarding Children Board (LSCB).",
    ),
    (
        "peer",
        "Peer-on-peer abuse online is taken as seriously as any other abuse.",
    ),
    (
        "dpa1998",
        "Personal data is processed in line with the Data Protection Act 1998.",
    ),
    (
        "3c",
        "Online risks can be grouped into three areas: content, contact and conduct.",
    ),
    (
        "thinkuknow",
        "We use the Thinkuknow resources to teach about online safety.",
    ),
    (
        "vulnerable",
        "Staff know that some children are vulnerable to radicalisation through the internet.",
    ),
    (
        "ecm",
        "Our approach supports the five outcomes of Every Child Matters.",
    ),
];

// ---------------------------------------------------------------------------------------
// Writing one policy
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum HeadingStyle {
    /// `## 4. Roles`, `### 4.2 …`
    AtxNumbered,
    /// `## Roles`, `### …`
    Atx,
    /// `**4. Roles**` then `4.2 …` on its own line: a Word export.
    BoldNumbered,
    /// `1. Roles` as a one-item numbered list, then `**…**` sub-headings.
    ListItem,
}

struct Person {
    name: String,
}

struct Writer<'a> {
    cfg: &'a Config,
    index: usize,
    rng: &'a mut Rng,
    kind: Kind,
    vars: Vec<(&'static str, String)>,
    curly: bool,
}

struct Section {
    topic: usize,
    heading: String,
    /// Paragraphs and other blocks, in order, each already ending in a blank line.
    blocks: Vec<String>,
    /// Sub-headings inserted before some blocks: (block index, heading).
    subs: Vec<(usize, String)>,
}

impl<'a> Writer<'a> {
    fn new(cfg: &'a Config, index: usize, rng: &'a mut Rng) -> Writer<'a> {
        let kind = match rng.below(100) {
            0..80 => Kind::School,
            80..87 => Kind::College,
            87..95 => Kind::EarlyYears,
            _ => Kind::Agency,
        };
        Writer {
            cfg,
            index,
            rng,
            kind,
            vars: Vec::new(),
            curly: false,
        }
    }

    fn person(&mut self) -> Person {
        let t = *self.rng.pick(TITLES);
        let f = *self.rng.pick(FIRST);
        let l = *self.rng.pick(LAST);
        let name = if t.is_empty() || self.rng.chance(400) {
            format!("{f} {l}")
        } else {
            format!("{t} {l}")
        };
        Person { name }
    }

    fn org_name(&mut self) -> String {
        let place = *self.rng.pick(PLACES);
        match self.kind {
            Kind::School => match self.rng.below(8) {
                0 => format!("{} CE Primary School", self.rng.pick(SAINTS)),
                1 => format!("{} Catholic Primary School", self.rng.pick(SAINTS)),
                2 => format!("{place} Academy"),
                3 => format!("{place} High School"),
                4 => format!("{place} Infant and Nursery School"),
                5 => format!("{place} Community Primary School"),
                6 => format!("{place} School"),
                _ => format!("{place} Junior School"),
            },
            Kind::College => match self.rng.below(3) {
                0 => format!("{place} College"),
                1 => format!("{place} Sixth Form College"),
                _ => format!("{place} College of Further Education"),
            },
            Kind::EarlyYears => match self.rng.below(4) {
                0 => format!("{place} Day Nursery"),
                1 => format!("Little Acorns Pre-School, {place}"),
                2 => format!("{place} Nursery"),
                _ => format!("Busy Bees Playgroup, {place}"),
            },
            Kind::Agency => match self.rng.below(4) {
                0 => format!("{place} Youth Club"),
                1 => format!("{place} Community Sports Trust"),
                2 => format!("{place} Young Carers Service"),
                _ => format!("{place} Football Club"),
            },
        }
    }

    fn fill(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let key = &rest[open + 1..open + close];
            match self.vars.iter().find(|(k, _)| *k == key) {
                Some((_, v)) => out.push_str(v),
                None => out.push_str(&rest[open..open + close + 1]),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        if self.curly {
            out = out.replace('\'', "\u{2019}");
        }
        out
    }

    /// A paragraph of 2–6 sentences from a topic, with small variations.
    fn paragraph(&mut self, topic: &Topic) -> String {
        let n = 2 + self.rng.below(5);
        let mut idx: Vec<usize> = (0..topic.sentences.len()).collect();
        self.rng.shuffle(&mut idx);
        let mut p = String::new();
        for &i in idx.iter().take(n) {
            let mut s = if self.rng.chance(250) {
                let g = *self.rng.pick(GENERAL);
                self.fill(g)
            } else {
                self.fill(topic.sentences[i])
            };
            // small variations so that no two policies read quite the same
            match self.rng.below(12) {
                0 => s = s.replacen(" must ", " should ", 1),
                1 => s = s.replacen("staff", "all staff", 1),
                2 => {
                    if let Some(stripped) = s.strip_suffix('.') {
                        s = format!("{stripped}, as set out in this policy.");
                    }
                }
                3 => s = s.replacen(" and ", " and also ", 1),
                4 => s = s.replacen("We ", &format!("At {} we ", self.var("org")), 1),
                _ => {}
            }
            if self.rng.chance(60) {
                // emphasis, as people write it
                if let Some(sp) = s.find(' ') {
                    let (a, b) = s.split_at(sp);
                    s = format!("**{a}**{b}");
                }
            }
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(&s);
        }
        // hard-wrap some paragraphs, as editors and Word exports do
        if self.rng.chance(350) {
            p = wrap(&p, 72 + self.rng.below(30));
        }
        p.push_str("\n\n");
        p
    }

    fn bullets(&mut self, topic: &Topic) -> String {
        let mut out = String::new();
        let ordered = self.rng.chance(250);
        let marker = *self.rng.pick(&["-", "*", "-"]);
        let mut items: Vec<&str> = topic.bullets.to_vec();
        if self.rng.chance(500) {
            self.rng.shuffle(&mut items);
        }
        let keep = items.len().saturating_sub(self.rng.below(2)).max(1);
        for (i, item) in items.iter().take(keep).enumerate() {
            let text = self.fill(item);
            if ordered {
                let _ = writeln!(out, "{}. {text}", i + 1);
            } else {
                let _ = writeln!(out, "{marker} {text}");
            }
        }
        out.push('\n');
        out
    }

    fn var(&self, key: &str) -> String {
        self.vars
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn write(mut self) -> (Generated, Vec<u8>) {
        let kind = self.kind;
        let org = self.org_name();
        let (la, la_dir, partnership) = *self.rng.pick(AUTHORITIES);
        let dsl = self.person();
        let ddsl = self.person();
        let prevent = if self.rng.chance(300) {
            Person {
                name: dsl.name.clone(),
            }
        } else {
            self.person()
        };
        let osl = self.person();
        let gov = self.person();
        let slt = self.person();
        let head = self.person();
        let provider = self.rng.pick(PROVIDERS).to_string();
        let edition: Option<u16> = match self.rng.below(100) {
            0..4 => Some(2020),
            4..8 => Some(2021),
            8..14 => Some(2022),
            14..24 => Some(2023),
            24..50 => Some(2024),
            50..92 => Some(2025),
            _ => None,
        };
        let (setting, children, child, head_title, board) = match kind {
            Kind::School => (
                "school",
                "pupils",
                "pupil",
                "headteacher",
                *self
                    .rng
                    .pick(&["governing board", "governing body", "board of trustees"]),
            ),
            Kind::College => ("college", "students", "student", "principal", "corporation"),
            Kind::EarlyYears => ("nursery", "children", "child", "nursery manager", "owners"),
            Kind::Agency => (
                "organisation",
                "children and young people",
                "young person",
                "chief executive",
                "board of trustees",
            ),
        };
        let children_title = capitalise(children);
        self.curly = self.rng.chance(300);
        let year = 2025 - self.rng.below(3) as i32;
        self.vars = vec![
            ("org", org.clone()),
            ("setting", setting.to_string()),
            ("children", children.to_string()),
            ("children_title", children_title),
            ("child", child.to_string()),
            ("head", head_title.to_string()),
            ("board", board.to_string()),
            ("dsl", dsl.name.clone()),
            ("ddsl", ddsl.name.clone()),
            ("prevent", prevent.name.clone()),
            ("osl", osl.name.clone()),
            ("gov", gov.name.clone()),
            ("slt", slt.name.clone()),
            ("provider", provider.clone()),
            ("filter", self.rng.pick(FILTERS).to_string()),
            ("monitor", self.rng.pick(MONITORS).to_string()),
            ("la", la.to_string()),
            (
                "edition",
                edition
                    .map(|e| e.to_string())
                    .unwrap_or_else(|| "(current edition)".into()),
            ),
            ("staff", "staff".to_string()),
            ("year", year.to_string()),
        ];

        let front_matter = self.rng.chance(600);
        let crlf = self.rng.chance(150);
        let style = match self.rng.below(10) {
            0..4 => HeadingStyle::AtxNumbered,
            4..6 => HeadingStyle::Atx,
            6..9 => HeadingStyle::BoldNumbered,
            _ => HeadingStyle::ListItem,
        };
        let review_overdue = self.rng.chance(150);
        let stale_share = self.rng.chance(200);
        let mut stale: Vec<&'static str> = Vec::new();
        if stale_share {
            let n = 1 + self.rng.below(3);
            for _ in 0..n {
                let (k, _) = *self.rng.pick(STALE);
                if !stale.contains(&k) {
                    stale.push(k);
                }
            }
        }

        // Choose sections: gaps leave out optional ones.
        let mut missing = Vec::new();
        let gappy = self.rng.chance(350);
        let mut sections: Vec<Section> = Vec::new();
        for (ti, t) in TOPICS.iter().enumerate() {
            if !t.only.is_empty() && !t.only.contains(&kind) {
                continue;
            }
            if t.optional && gappy && self.rng.chance(250) {
                missing.push(t.key);
                continue;
            }
            let heading = *self.rng.pick(t.headings);
            let heading = self.fill(heading);
            sections.push(Section {
                topic: ti,
                heading: capitalise(&heading),
                blocks: Vec::new(),
                subs: Vec::new(),
            });
        }
        // Target size: 20–80 KB (scaled to the config), averaging near the middle.
        let span = self.cfg.max_bytes - self.cfg.min_bytes;
        let u = (self.rng.below(1000) + self.rng.below(1000)) as f64 / 2000.0;
        let target = self.cfg.min_bytes + (span as f64 * u) as usize;

        // Header, front matter and tables first: their size counts toward the target.
        let mut head_text = String::new();
        let blank_cells = self.key_people(
            &mut head_text,
            &[
                ("Designated safeguarding lead (DSL)", dsl.name.as_str()),
                ("Deputy designated safeguarding lead", ddsl.name.as_str()),
                ("Prevent lead", prevent.name.as_str()),
                ("Online safety lead", osl.name.as_str()),
                ("Safeguarding governor", gov.name.as_str()),
                (
                    "Senior leader responsible for filtering and monitoring",
                    slt.name.as_str(),
                ),
                (
                    "Governor responsible for filtering and monitoring",
                    gov.name.as_str(),
                ),
                ("IT and filtering provider", provider.as_str()),
            ],
            head_title,
            &head.name,
        );
        let (approved, next_review) = dates(self.rng, year, review_overdue);
        let mut fm = String::new();
        if front_matter {
            fm = self.front_matter(
                &org,
                kind,
                la,
                partnership,
                edition,
                &approved,
                &next_review,
                &[
                    ("dsl", &dsl.name),
                    ("deputy_dsl", &ddsl.name),
                    ("prevent_lead", &prevent.name),
                    ("safeguarding_governor", &gov.name),
                    ("filtering_slt_lead", &slt.name),
                    ("filtering_governor", &gov.name),
                ],
                &provider,
            );
        }
        let mut intro = String::new();
        let title = match self.rng.below(3) {
            0 => format!("{org} Online Safety Policy"),
            1 => format!("Online Safety Policy: {org}"),
            _ => format!("Online Safety and Acceptable Use Policy – {org}"),
        };
        let _ = write!(intro, "# {}\n\n", self.fill(&title));
        let _ = write!(
            intro,
            "Approved by the {board}: {}\n\nNext review: {}\n\n",
            approved.1, next_review.1
        );
        if edition.is_some() {
            let _ = write!(
                intro,
                "This policy follows Keeping Children Safe in Education {} and the procedures of the {} safeguarding partnership.\n\n",
                self.var("edition"),
                la
            );
        }

        // Paragraphs: one or two per section, then more where the size allows.
        let fixed = fm.len() + intro.len() + head_text.len();
        let mut total = fixed;
        for s in &mut sections {
            total += s.heading.len() + 8;
        }
        let mut si: Vec<usize> = (0..sections.len()).collect();
        for round in 0.. {
            self.rng.shuffle(&mut si);
            let mut added = false;
            for &i in &si {
                if total >= target {
                    break;
                }
                let t = &TOPICS[sections[i].topic];
                let block = if round == 1 && !t.bullets.is_empty() {
                    self.bullets(t)
                } else {
                    self.paragraph(t)
                };
                if total + block.len() > self.cfg.max_bytes {
                    continue;
                }
                total += block.len();
                // now and then a sub-heading before the block
                if round > 0 && self.rng.chance(120) {
                    let sub = *self.rng.pick(t.headings);
                    let sub = self.fill(sub);
                    let at = sections[i].blocks.len();
                    let sub = capitalise(&sub);
                    total += sub.len() + 8;
                    sections[i].subs.push((at, sub));
                }
                sections[i].blocks.push(block);
                added = true;
            }
            if total >= target || !added || round > 400 {
                break;
            }
        }
        // Stale terms go into random sections.
        for k in &stale {
            let (_, text) = STALE.iter().find(|(key, _)| key == k).unwrap();
            if sections.is_empty() {
                break;
            }
            let i = self.rng.below(sections.len());
            let p = format!("{}\n\n", self.fill(text));
            let at = self.rng.below(sections[i].blocks.len() + 1);
            sections[i].blocks.insert(at, p);
            for sub in &mut sections[i].subs {
                if sub.0 > at {
                    sub.0 += 1;
                }
            }
        }

        // Render.
        let mut out = String::with_capacity(total + 1024);
        out.push_str(&fm);
        out.push_str(&intro);
        out.push_str(&head_text);
        for (n, s) in sections.iter().enumerate() {
            let num = n + 1;
            match style {
                HeadingStyle::AtxNumbered => {
                    let _ = write!(out, "## {num}. {}\n\n", s.heading);
                }
                HeadingStyle::Atx => {
                    let _ = write!(out, "## {}\n\n", s.heading);
                }
                HeadingStyle::BoldNumbered => {
                    let _ = write!(out, "**{num}. {}**\n\n", s.heading);
                }
                HeadingStyle::ListItem => {
                    let _ = write!(out, "{num}. {}\n\n", s.heading);
                }
            }
            let mut sub_n = 0;
            for (bi, b) in s.blocks.iter().enumerate() {
                for (_, sub) in s.subs.iter().filter(|(at, _)| *at == bi) {
                    sub_n += 1;
                    match style {
                        HeadingStyle::AtxNumbered => {
                            let _ = write!(out, "### {num}.{sub_n} {sub}\n\n");
                        }
                        HeadingStyle::Atx => {
                            let _ = write!(out, "### {sub}\n\n");
                        }
                        HeadingStyle::BoldNumbered => {
                            let _ = write!(out, "{num}.{sub_n} {sub}\n\n");
                        }
                        HeadingStyle::ListItem => {
                            let _ = write!(out, "**{sub}**\n\n");
                        }
                    }
                }
                out.push_str(b);
            }
        }
        let _ = write!(
            out,
            "---\n\nSigned on behalf of the {board}: {} ({}). Policy number {}-{:05}.\n",
            gov.name,
            approved.1,
            la_dir.to_uppercase(),
            self.index
        );
        let text = if crlf { out.replace('\n', "\r\n") } else { out };
        let bytes = text.into_bytes();
        let slug = slug(&org);
        let g = Generated {
            path: format!("{la_dir}/{:05}-{slug}.md", self.index),
            bytes: bytes.len(),
            kind,
            edition,
            front_matter,
            crlf,
            missing,
            blank_cells,
            stale,
            review_overdue,
        };
        (g, bytes)
    }

    /// The key-people table (or a list, as some policies write it). Returns how many cells
    /// were left blank.
    fn key_people(
        &mut self,
        out: &mut String,
        rows: &[(&str, &str)],
        head_title: &str,
        head: &str,
    ) -> usize {
        let mut blank = 0;
        let blanks = self.rng.chance(200);
        let heading = *self
            .rng
            .pick(&["Key people", "Key contacts", "Who to contact"]);
        let _ = write!(out, "## {heading}\n\n");
        if self.rng.chance(850) {
            out.push_str("| Role | Name |\n|---|---|\n");
            let _ = writeln!(out, "| {} | {head} |", capitalise(head_title));
            for (role, name) in rows {
                if blanks && self.rng.chance(350) {
                    let _ = writeln!(out, "| {role} |  |");
                    blank += 1;
                } else {
                    let _ = writeln!(out, "| {role} | {name} |");
                }
            }
            out.push('\n');
        } else {
            for (role, name) in rows {
                if blanks && self.rng.chance(350) {
                    let _ = writeln!(out, "- {role}: ");
                    blank += 1;
                } else {
                    let _ = writeln!(out, "- {role}: {name}");
                }
            }
            out.push('\n');
        }
        if self.rng.chance(600) {
            out.push_str("| Service | Contact |\n|---|---|\n");
            out.push_str("| Children's social care front door | 020 7946 0000 |\n");
            out.push_str("| Out-of-hours social care | 020 7946 0999 |\n");
            out.push_str("| LADO | 020 7946 0123 |\n");
            out.push_str("| Police (emergency) | 999 |\n");
            out.push_str("| Childline | 0800 1111 |\n\n");
        }
        blank
    }

    #[allow(clippy::too_many_arguments)]
    fn front_matter(
        &mut self,
        org: &str,
        kind: Kind,
        la: &str,
        partnership: Option<&str>,
        edition: Option<u16>,
        approved: &(String, String),
        next_review: &(String, String),
        roles: &[(&str, &str)],
        provider: &str,
    ) -> String {
        let mut fm = String::from("+++\ntitle = \"Online Safety Policy\"\n\n[organisation]\n");
        let _ = writeln!(fm, "name = \"{}\"", org.replace('"', "'"));
        if self.rng.chance(850) {
            let _ = writeln!(fm, "kind = \"{}\"", kind.as_str());
        }
        let _ = writeln!(fm, "local_authority = \"{la}\"");
        if let Some(p) = partnership {
            let _ = writeln!(fm, "partnership = \"{p}\"");
        }
        fm.push_str("\n[policy]\n");
        let _ = writeln!(
            fm,
            "version = \"{}.{}\"",
            1 + self.rng.below(6),
            self.rng.below(10)
        );
        if let Some(e) = edition {
            let _ = writeln!(fm, "kcsie_edition = {e}");
        }
        let _ = writeln!(fm, "approved_by = \"Full governing board\"");
        let _ = writeln!(fm, "approved_on = {}", approved.0);
        if self.rng.chance(50) {
            // a typo'd key, as people make them
            let _ = writeln!(fm, "next_reveiw = {}", next_review.0);
        } else {
            let _ = writeln!(fm, "next_review = {}", next_review.0);
        }
        fm.push_str("\n[roles]\n");
        for (k, v) in roles {
            if self.rng.chance(60) {
                continue;
            }
            let _ = writeln!(fm, "{k} = {{ name = \"{}\" }}", v.replace('"', "'"));
        }
        fm.push_str("\n[filtering]\n");
        let _ = writeln!(fm, "provider = \"{provider}\"");
        let _ = writeln!(fm, "last_review = {}", approved.0);
        fm.push_str("+++\n\n");
        fm
    }
}

/// Approval date and next review date, each as TOML and as words.
fn dates(rng: &mut Rng, year: i32, overdue: bool) -> ((String, String), (String, String)) {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m = 2 + rng.below(11);
    let d = 1 + rng.below(28);
    let year = if overdue {
        year.min(2024) - rng.below(2) as i32
    } else {
        2025
    };
    let approved = (
        format!("{year}-{m:02}-{d:02}"),
        format!("{d} {} {year}", MONTHS[m - 1]),
    );
    let ny = year + 1;
    let next = (
        format!("{ny}-{m:02}-{d:02}"),
        format!("{d} {} {ny}", MONTHS[m - 1]),
    );
    (approved, next)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Hard-wrap a paragraph at about `width` columns.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width + 1);
    let mut col = 0;
    for w in text.split(' ') {
        if col > 0 && col + 1 + w.len() > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.chars().count();
    }
    out
}

fn usage() -> ! {
    eprintln!("usage: gen_corpus --count N --seed S --out DIR [--min-kb K --max-kb K]");
    std::process::exit(2)
}

#[allow(dead_code)]
fn main() {
    let mut cfg = Config::new(100, 1);
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--count" => cfg.count = val().parse().unwrap_or_else(|_| usage()),
            "--seed" => cfg.seed = val().parse().unwrap_or_else(|_| usage()),
            "--out" => out = Some(PathBuf::from(val())),
            "--min-kb" => cfg.min_bytes = val().parse::<usize>().unwrap_or_else(|_| usage()) * 1024,
            "--max-kb" => cfg.max_bytes = val().parse::<usize>().unwrap_or_else(|_| usage()) * 1024,
            _ => usage(),
        }
    }
    let Some(out) = out else { usage() };
    if cfg.max_bytes <= cfg.min_bytes {
        usage();
    }
    match generate(&cfg, &out) {
        Ok(all) => {
            let bytes: usize = all.iter().map(|g| g.bytes).sum();
            let n = all.len().max(1);
            let share = |f: &dyn Fn(&Generated) -> bool| {
                100.0 * all.iter().filter(|g| f(g)).count() as f64 / n as f64
            };
            eprintln!(
                "wrote {} policies to {} ({:.1} MB, {:.1} KB on average): {:.0}% schools, {:.0}% with front matter, {:.0}% CRLF, {:.0}% with a section missing, {:.0}% with blank key-people cells, {:.0}% with stale terms, {:.0}% overdue for review",
                all.len(),
                out.display(),
                bytes as f64 / 1e6,
                bytes as f64 / n as f64 / 1024.0,
                share(&|g| g.kind == Kind::School),
                share(&|g| g.front_matter),
                share(&|g| g.crlf),
                share(&|g| !g.missing.is_empty()),
                share(&|g| g.blank_cells > 0),
                share(&|g| !g.stale.is_empty()),
                share(&|g| g.review_overdue),
            );
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::exit(1);
        }
    }
}
