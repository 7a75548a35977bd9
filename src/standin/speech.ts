import { createRng, pick, type Rng } from './random.ts';

// A seeded generator of spoken-sounding sentences. English gets a topic vocabulary and
// many sentence shapes; the other languages use smaller pre-inflected phrase lists, which
// keeps them grammatical (case, gender, verb position) without a grammar engine.

export const LANGS = ['en', 'de', 'fr', 'es', 'pl'] as const;
export type Lang = (typeof LANGS)[number];

export const LANG_NAMES: Record<Lang, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  pl: 'Polish',
};

export const TOPICS = ['cooking', 'physics', 'history', 'travel', 'programming', 'music'] as const;
export type Topic = (typeof TOPICS)[number];

interface Verb {
  base: string;
  third: string;
  past: string;
  ing: string;
}

interface TopicWords {
  /** "base|third|past|ing" */
  verbs: ReadonlyArray<string>;
  things: ReadonlyArray<string>;
  plurals: ReadonlyArray<string>;
  adjectives: ReadonlyArray<string>;
  places: ReadonlyArray<string>;
  people: ReadonlyArray<string>;
  manners: ReadonlyArray<string>;
}

const ENGLISH: Record<Topic, TopicWords> = {
  cooking: {
    verbs: [
      'chop|chops|chopped|chopping', 'stir|stirs|stirred|stirring', 'simmer|simmers|simmered|simmering',
      'taste|tastes|tasted|tasting', 'season|seasons|seasoned|seasoning', 'knead|kneads|kneaded|kneading',
      'roast|roasts|roasted|roasting', 'whisk|whisks|whisked|whisking', 'slice|slices|sliced|slicing',
      'fry|fries|fried|frying', 'bake|bakes|baked|baking', 'grate|grates|grated|grating',
      'marinate|marinates|marinated|marinating', 'reduce|reduces|reduced|reducing', 'toast|toasts|toasted|toasting',
    ],
    things: [
      'the onion', 'the garlic', 'the dough', 'the broth', 'the sauce', 'a cast iron pan', 'the butter',
      'the crust', 'the lemon zest', 'the risotto', 'the sourdough starter', 'a pinch of salt',
    ],
    plurals: ['the tomatoes', 'the mushrooms', 'the spices', 'the shallots', 'the noodles', 'the egg whites', 'the potatoes', 'the herbs'],
    adjectives: ['golden', 'crispy', 'tender', 'silky', 'fragrant', 'bitter', 'sticky', 'rich', 'smoky', 'delicate', 'glossy', 'salty'],
    places: ["in my grandmother's kitchen", 'at a street market in Bangkok', 'in a tiny restaurant in Naples', 'at culinary school'],
    people: ['my grandmother', 'the head chef', 'my neighbour', 'a baker I know', 'the waiter'],
    manners: ['slowly', 'gently', 'carefully', 'over low heat', 'for about ten minutes', 'until it smells nutty'],
  },
  physics: {
    verbs: [
      'measure|measures|measured|measuring', 'heat|heats|heated|heating', 'cool|cools|cooled|cooling',
      'accelerate|accelerates|accelerated|accelerating', 'observe|observes|observed|observing',
      'calculate|calculates|calculated|calculating', 'rotate|rotates|rotated|rotating',
      'compress|compresses|compressed|compressing', 'reflect|reflects|reflected|reflecting',
      'split|splits|split|splitting', 'weigh|weighs|weighed|weighing', 'launch|launches|launched|launching',
      'detect|detects|detected|detecting',
    ],
    things: [
      'the pendulum', 'the laser beam', 'the electron', 'the magnetic field', 'the spring', 'the vacuum chamber',
      'the prism', 'the tuning fork', 'the satellite', 'the wave function', 'the thermometer', 'the block of ice',
    ],
    plurals: ['the particles', 'the photons', 'the planets', 'the magnets', 'the atoms', 'the gears', 'the mirrors', 'the neutrinos'],
    adjectives: ['heavy', 'invisible', 'unstable', 'elegant', 'counterintuitive', 'symmetric', 'frictionless', 'enormous', 'tiny', 'chaotic', 'predictable', 'radioactive'],
    places: ['in the basement lab', 'at CERN', 'in my first year at university', 'on the roof of the observatory'],
    people: ['the professor', 'my lab partner', 'Richard Feynman', 'the technician', 'a student of mine'],
    manners: ['very precisely', 'twice', 'in a vacuum', 'at room temperature', 'without touching anything', 'over and over'],
  },
  history: {
    verbs: [
      'sign|signs|signed|signing', 'conquer|conquers|conquered|conquering', 'defend|defends|defended|defending',
      'rebuild|rebuilds|rebuilt|rebuilding', 'abandon|abandons|abandoned|abandoning',
      'translate|translates|translated|translating', 'discover|discovers|discovered|discovering',
      'burn|burns|burned|burning', 'negotiate|negotiates|negotiated|negotiating', 'study|studies|studied|studying',
      'trade|trades|traded|trading', 'fortify|fortifies|fortified|fortifying', 'excavate|excavates|excavated|excavating',
    ],
    things: [
      'the treaty', 'the old fortress', 'the empire', 'the trade route', 'the manuscript', 'the cathedral',
      'the harbour', 'the royal archive', 'the battle plan', 'the ancient map', 'the city wall', 'the silk road',
    ],
    plurals: ['the letters', 'the coins', 'the ruins', 'the merchants', 'the soldiers', 'the scrolls', 'the monasteries', 'the border towns'],
    adjectives: ['medieval', 'forgotten', 'powerful', 'fragile', 'remarkable', 'brutal', 'wealthy', 'mysterious', 'ancient', 'controversial', 'crumbling', 'legendary'],
    places: ['in Constantinople', 'along the Danube', 'in fourteenth century Venice', 'at the British Museum', 'in a monastery library'],
    people: ['the emperor', 'a young scribe', 'the archaeologist', 'the old king', 'my history teacher'],
    manners: ['in secret', 'within a decade', 'almost overnight', 'very reluctantly', 'for the first time', 'piece by piece'],
  },
  travel: {
    verbs: [
      'pack|packs|packed|packing', 'book|books|booked|booking', 'explore|explores|explored|exploring',
      'visit|visits|visited|visiting', 'photograph|photographs|photographed|photographing',
      'miss|misses|missed|missing', 'rent|rents|rented|renting', 'cross|crosses|crossed|crossing',
      'climb|climbs|climbed|climbing', 'catch|catches|caught|catching', 'find|finds|found|finding',
      'recommend|recommends|recommended|recommending',
    ],
    things: [
      'the night train', 'the ferry', 'a backpack', 'the hostel', 'the mountain pass', 'the old town',
      'the coastline', 'a rental car', 'the border crossing', 'the last bus', 'the lighthouse', 'the marina',
    ],
    plurals: ['the islands', 'the vineyards', 'the street markets', 'the hot springs', 'the museums', 'the canals', 'the hiking trails', 'the night buses'],
    adjectives: ['breathtaking', 'crowded', 'peaceful', 'overpriced', 'charming', 'remote', 'chilly', 'unforgettable', 'dusty', 'sunny', 'quiet', 'colourful'],
    places: ['in Lisbon', 'on the coast of Croatia', 'in the Scottish Highlands', 'near Kyoto', 'in a village in Peru'],
    people: ['our guide', 'the hostel owner', 'a fellow traveller', 'my sister', 'the taxi driver'],
    manners: ['early in the morning', 'on a budget', 'without a map', 'in the rain', 'at sunset', 'on foot'],
  },
  programming: {
    verbs: [
      'refactor|refactors|refactored|refactoring', 'compile|compiles|compiled|compiling',
      'deploy|deploys|deployed|deploying', 'debug|debugs|debugged|debugging', 'cache|caches|cached|caching',
      'parse|parses|parsed|parsing', 'index|indexes|indexed|indexing', 'test|tests|tested|testing',
      'rewrite|rewrites|rewrote|rewriting', 'profile|profiles|profiled|profiling',
      'serialize|serializes|serialized|serializing', 'merge|merges|merged|merging',
      'benchmark|benchmarks|benchmarked|benchmarking',
    ],
    things: [
      'the database', 'the query planner', 'the hash map', 'the garbage collector', 'the login page',
      'the build script', 'the event loop', 'the parser', 'the API', 'the test suite', 'the compiler', 'the config file',
    ],
    plurals: ['the unit tests', 'the pull requests', 'the log files', 'the dependencies', 'the edge cases', 'the threads', 'the migrations', 'the callbacks'],
    adjectives: ['slow', 'fragile', 'elegant', 'readable', 'concurrent', 'flaky', 'fast', 'messy', 'immutable', 'generic', 'lazy', 'deterministic'],
    places: ['at my first job', 'in a tiny startup', 'during a hackathon', 'on a legacy project', 'at a big bank'],
    people: ['the senior engineer', 'my team lead', 'the intern', 'a colleague of mine', 'the code reviewer'],
    manners: ['in production', 'on a Friday afternoon', 'in small steps', 'twice a day', 'by hand', 'without breaking anything'],
  },
  music: {
    verbs: [
      'tune|tunes|tuned|tuning', 'record|records|recorded|recording', 'improvise|improvises|improvised|improvising',
      'rehearse|rehearses|rehearsed|rehearsing', 'transpose|transposes|transposed|transposing',
      'strum|strums|strummed|strumming', 'compose|composes|composed|composing', 'mix|mixes|mixed|mixing',
      'practise|practises|practised|practising', 'arrange|arranges|arranged|arranging', 'hum|hums|hummed|humming',
      'sample|samples|sampled|sampling',
    ],
    things: [
      'the melody', 'the bass line', 'the chorus', 'the old piano', 'the drum loop', 'the key change',
      'the bridge', 'the violin', 'the demo tape', 'the chord progression', 'the metronome', 'the solo',
    ],
    plurals: ['the harmonies', 'the lyrics', 'the guitar strings', 'the minor chords', 'the backing vocals', 'the vinyl records', 'the drum fills', 'the scales'],
    adjectives: ['catchy', 'haunting', 'dissonant', 'warm', 'upbeat', 'melancholic', 'funky', 'subtle', 'loud', 'jazzy', 'simple', 'gorgeous'],
    places: ['in a basement studio', 'at a jazz club in New Orleans', 'at the conservatory', 'in my bedroom', 'backstage at a festival'],
    people: ['the drummer', 'my piano teacher', 'the producer', 'our singer', 'the bass player'],
    manners: ['in a minor key', 'at half speed', 'by ear', 'with a metronome', 'late at night', 'in one take'],
  },
};

const OPENERS = ['', '', '', 'So, ', 'Okay, ', 'Now, ', 'Honestly, ', 'You know, ', 'Basically, ', 'Right, ', 'And ', 'Look, '];
const INTENSIFIERS = ['really', 'surprisingly', 'incredibly', 'a little', 'pretty', 'quite'];
const TIMES = ['last summer', 'a few years ago', 'back in the day', 'yesterday', 'once'];
const ASIDES = [
  'Let me show you what I mean.', 'Stay with me here.', "That's the whole trick.", 'Trust me on this one.',
  "Okay, let's keep going.", 'I know, it sounds strange.', 'This part always surprises people.',
  "Let's take a closer look.", "Don't worry if that seems confusing.", 'Bear with me for a second.',
];

type EnglishTemplate = (w: EnglishPicker) => string;

const ENGLISH_TEMPLATES: ReadonlyArray<EnglishTemplate> = [
  (w) => `${w.opener()}you want to ${w.verb().base} ${w.object()} ${w.manner()}.`,
  (w) => `First, ${w.verb().base} ${w.object()}, and then ${w.verb().base} ${w.object()}.`,
  (w) => `${w.person()} always ${w.verb().third} ${w.object()} before ${w.verb().ing} ${w.object()}.`,
  (w) => `When I was ${w.place()}, we ${w.verb().past} ${w.object()} ${w.manner()}.`,
  (w) => `${w.verb().ing} ${w.object()} is ${w.intensifier()} ${w.adjective()}.`,
  (w) => `The ${w.adjective()} part is ${w.verb().ing} ${w.object()}.`,
  (w) => `Why does ${w.person()} ${w.verb().base} ${w.object()} ${w.manner()}?`,
  (w) => `${w.thing()} gets ${w.adjective()} when you ${w.verb().base} it ${w.manner()}.`,
  (w) => `${w.plural()} are ${w.intensifier()} ${w.adjective()}, so ${w.verb().base} them ${w.manner()}.`,
  (w) => `I think ${w.person()} ${w.verb().past} ${w.object()} because ${w.thing()} was ${w.adjective()}.`,
  (w) => `Let's ${w.verb().base} ${w.object()} together.`,
  (w) => `${w.time()}, ${w.person()} ${w.verb().past} ${w.object()} ${w.place()}.`,
  (w) => `Have you noticed how ${w.thing()} looks ${w.adjective()} now?`,
  (w) => w.aside(),
  (w) => `${w.opener()}${w.person()} ${w.verb().third} ${w.object()}, which is ${w.intensifier()} ${w.adjective()}.`,
  (w) => `If you ${w.verb().base} ${w.object()} ${w.manner()}, ${w.thing()} becomes ${w.adjective()}.`,
  (w) => `We're going to ${w.verb().base} ${w.object()} right now.`,
  (w) => `${w.person()} told me that ${w.plural()} were ${w.adjective()} ${w.place()}.`,
  (w) => `Nobody ${w.verb().third} ${w.object()} ${w.manner()} anymore.`,
  (w) => `Is ${w.thing()} ${w.adjective()} enough?`,
];

class EnglishPicker {
  readonly #rng: Rng;
  readonly #words: TopicWords;

  constructor(rng: Rng, words: TopicWords) {
    this.#rng = rng;
    this.#words = words;
  }

  verb(): Verb {
    const [base = '', third = '', past = '', ing = ''] = pick(this.#rng, this.#words.verbs).split('|');
    return { base, third, past, ing };
  }
  thing(): string { return pick(this.#rng, this.#words.things); }
  plural(): string { return pick(this.#rng, this.#words.plurals); }
  object(): string { return this.#rng() < 0.6 ? this.thing() : this.plural(); }
  adjective(): string { return pick(this.#rng, this.#words.adjectives); }
  place(): string { return pick(this.#rng, this.#words.places); }
  person(): string { return pick(this.#rng, this.#words.people); }
  manner(): string { return pick(this.#rng, this.#words.manners); }
  opener(): string { return pick(this.#rng, OPENERS); }
  intensifier(): string { return pick(this.#rng, INTENSIFIERS); }
  time(): string { return pick(this.#rng, TIMES); }
  aside(): string { return pick(this.#rng, ASIDES); }
}

interface PhraseBook {
  subjects: ReadonlyArray<string>;
  /** [finite verb, rest of the predicate] so German can move the verb. */
  predicates: ReadonlyArray<readonly [string, string]>;
  /** Fronted adverbials; German inverts subject and verb after them. */
  adverbials: ReadonlyArray<string>;
  tails: ReadonlyArray<string>;
  asides: ReadonlyArray<string>;
  /** "Did you know that …?" */
  question: (subject: string, verb: string, rest: string) => string;
  fronted: (adverbial: string, subject: string, verb: string, rest: string) => string;
}

const PHRASE_BOOKS: Record<Exclude<Lang, 'en'>, PhraseBook> = {
  de: {
    subjects: ['der alte Bäcker', 'meine Großmutter', 'unser Nachbar', 'die kleine Katze', 'der Zugführer', 'meine Schwester', 'der Professor', 'das Kind'],
    predicates: [
      ['trinkt', 'jeden Morgen einen Kaffee'], ['geht', 'langsam über die Straße'], ['kocht', 'eine würzige Kartoffelsuppe'],
      ['liest', 'ein spannendes Buch über Physik'], ['fährt', 'mit dem Fahrrad zur Arbeit'], ['sucht', 'den Schlüssel für die Garage'],
      ['spielt', 'Klavier im Wohnzimmer'], ['backt', 'einen Apfelkuchen für das Straßenfest'], ['besucht', 'das Museum am Fluss'],
      ['repariert', 'die alte Uhr'], ['schreibt', 'einen Brief an die Stadtverwaltung'], ['wartet', 'auf den nächsten Zug'],
      ['trägt', 'einen grünen Mantel'], ['öffnet', 'das Fenster zur Straße'],
    ],
    adverbials: ['Am Sonntag', 'Im Frühling', 'Nach der Arbeit', 'Heute', 'Jeden Abend', 'Im Café an der Ecke', 'Trotz des Regens', 'Früher'],
    tails: ['', '', ', weil das Wetter schön ist', ', obwohl es schon spät ist', ' und lacht dabei'],
    asides: ['Das ist wirklich erstaunlich.', 'Na ja, so ist das Leben.', 'Schauen wir uns das genauer an.', 'Genau das meine ich.', 'Das hätte ich nicht gedacht.'],
    question: (subject, verb, rest) => `Wusstest du, dass ${subject} ${rest} ${verb}?`,
    fronted: (adverbial, subject, verb, rest) => `${adverbial} ${verb} ${subject} ${rest}`,
  },
  fr: {
    subjects: ['le vieux boulanger', 'ma grand-mère', 'notre voisin', 'la petite fille', 'le professeur', 'mon frère', 'le chauffeur de taxi', 'la directrice'],
    predicates: [
      ['boit', 'un café crème au comptoir'], ['traverse', 'la rue sans regarder'], ['prépare', "une soupe à l'oignon"],
      ['lit', 'un roman très étrange'], ['répare', 'la vieille horloge'], ['attend', 'le dernier train'],
      ['cherche', 'ses clés partout'], ['écrit', 'une lettre à sa sœur'], ['visite', 'le musée près de la gare'],
      ['achète', 'du pain à la boulangerie'], ['joue', 'du piano après le dîner'], ['ouvre', 'la fenêtre de la cuisine'],
      ['regarde', 'la mer pendant des heures'], ['apprend', "l'espagnol avec patience"],
    ],
    adverbials: ['Le matin,', 'Le dimanche,', 'Après le travail,', 'En été,', 'Au café du coin,', 'Malgré la pluie,', "D'habitude,"],
    tails: ['', '', ", et c'est très drôle", " avec beaucoup d'enthousiasme", ', comme tous les jours'],
    asides: ["C'est vraiment incroyable.", 'Bon, on continue.', "Voilà, c'est tout.", 'Regardons ça de plus près.', "Je ne m'y attendais pas."],
    question: (subject, verb, rest) => `Tu savais que ${subject} ${verb} ${rest} ?`,
    fronted: (adverbial, subject, verb, rest) => `${adverbial} ${subject} ${verb} ${rest}`,
  },
  es: {
    subjects: ['mi abuela', 'el viejo panadero', 'nuestro vecino', 'la niña', 'el profesor', 'mi hermano', 'el taxista', 'la directora'],
    predicates: [
      ['toma', 'un café con leche en el bar'], ['cruza', 'la calle sin mirar'], ['prepara', 'una paella deliciosa'],
      ['lee', 'una novela muy extraña'], ['repara', 'el reloj antiguo'], ['espera', 'el último tren'],
      ['busca', 'sus llaves por todas partes'], ['escribe', 'una carta a su hermana'], ['visita', 'el museo junto a la estación'],
      ['compra', 'pan en la panadería'], ['toca', 'el piano después de la cena'], ['come', 'piña en el jardín'],
      ['aprende', 'alemán con mucha paciencia'], ['camina', 'por la montaña'],
    ],
    adverbials: ['Por la mañana,', 'Los domingos,', 'Después del trabajo,', 'En verano,', 'Cada año,', 'A pesar de la lluvia,', 'Normalmente,'],
    tails: ['', '', ' con mucha alegría', ', como siempre', ' aunque llueve'],
    asides: ['¡Es increíble!', 'Bueno, sigamos.', 'Eso es todo por hoy.', 'Veamos esto con más calma.', 'No me lo esperaba.'],
    question: (subject, verb, rest) => `¿Sabías que ${subject} ${verb} ${rest}?`,
    fronted: (adverbial, subject, verb, rest) => `${adverbial} ${subject} ${verb} ${rest}`,
  },
  pl: {
    subjects: ['moja babcia', 'stary piekarz', 'nasz sąsiad', 'mała dziewczynka', 'profesor', 'mój brat', 'taksówkarz', 'mały żółw'],
    predicates: [
      ['pije', 'kawę w kawiarni'], ['przechodzi', 'przez ulicę bez patrzenia'], ['gotuje', 'pyszną zupę pomidorową'],
      ['czyta', 'bardzo dziwną książkę'], ['naprawia', 'stary zegar'], ['czeka', 'na ostatni pociąg'],
      ['szuka', 'kluczy w całym domu'], ['pisze', 'list do siostry'], ['zwiedza', 'muzeum przy dworcu'],
      ['kupuje', 'chleb w piekarni'], ['gra', 'na pianinie po kolacji'], ['pływa', 'powoli w stawie'],
      ['uczy się', 'hiszpańskiego z wielką cierpliwością'], ['spaceruje', 'po górach'],
    ],
    adverbials: ['Rano', 'W niedzielę', 'Po pracy', 'Latem', 'Mimo deszczu', 'Zazwyczaj', 'Codziennie'],
    tails: ['', '', ' z wielką radością', ', jak zawsze', ', chociaż pada deszcz'],
    asides: ['To naprawdę niesamowite.', 'Dobrze, idziemy dalej.', 'To wszystko na dzisiaj.', 'Przyjrzyjmy się temu bliżej.', 'Nie spodziewałem się tego.'],
    question: (subject, verb, rest) => `Czy wiesz, że ${subject} ${verb} ${rest}?`,
    fronted: (adverbial, subject, verb, rest) => `${adverbial} ${subject} ${verb} ${rest}`,
  },
};

/** Returns a function producing the next sentence of an endless, deterministic monologue. */
export function createSpeech(lang: Lang, topic: Topic, seed: number): () => string {
  const rng = createRng(seed);
  if (lang === 'en') {
    const picker = new EnglishPicker(rng, ENGLISH[topic]);
    return () => capitalise(pick(rng, ENGLISH_TEMPLATES)(picker));
  }
  const book = PHRASE_BOOKS[lang];
  return () => {
    const subject = pick(rng, book.subjects);
    const [verb, rest] = pick(rng, book.predicates);
    const shape = rng();
    if (shape < 0.12) return pick(rng, book.asides);
    if (shape < 0.3) return capitalise(book.question(subject, verb, rest));
    if (shape < 0.6) return `${book.fronted(pick(rng, book.adverbials), subject, verb, rest)}.`;
    return capitalise(`${subject} ${verb} ${rest}${pick(rng, book.tails)}.`);
  };
}

/** A plausible video title for generated videos. */
export function createTitle(topic: Topic, rng: Rng): string {
  const w = new EnglishPicker(rng, ENGLISH[topic]);
  const shapes: ReadonlyArray<() => string> = [
    () => `How to ${w.verb().base} ${w.object()} ${w.manner()}`,
    () => `${w.verb().ing} ${w.object()}: a beginner's guide`,
    () => `Why ${w.thing()} is so ${w.adjective()}`,
    () => `What nobody tells you about ${w.verb().ing} ${w.object()}`,
    () => `${w.plural()} ${w.place()}`,
    () => `I tried ${w.verb().ing} ${w.object()} ${w.manner()}`,
  ];
  return capitalise(pick(rng, shapes)());
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
