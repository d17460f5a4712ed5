// Telegram text with entities, turned into DOM nodes. Bot text never goes through innerHTML:
// every piece of text is a text node, every entity an element we create.

const TAGS = {
  bold: "b",
  italic: "i",
  underline: "u",
  strikethrough: "s",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  expandable_blockquote: "blockquote",
  spoiler: "span",
  text_link: "a",
  url: "a",
  email: "a",
  phone_number: "a",
  mention: "span",
  hashtag: "span",
  cashtag: "span",
  bot_command: "a",
  custom_emoji: "span",
  text_mention: "span",
};

// Only web links become links; anything else (javascript:, data:, tg:) stays text.
export function safeUrl(url) {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function element(entity, inner, onCommand) {
  const tag = TAGS[entity.type] || "span";
  const node = document.createElement(tag);
  node.className = `ent ent-${entity.type}`;
  if (entity.type === "text_link" || entity.type === "url") {
    const href = safeUrl(entity.type === "url" ? inner : entity.url);
    if (href) {
      node.href = href;
      node.target = "_blank";
      node.rel = "noopener noreferrer";
    }
  } else if (entity.type === "email") {
    node.href = `mailto:${inner}`;
  } else if (entity.type === "phone_number") {
    node.href = `tel:${inner.replace(/[^+\d]/g, "")}`;
  } else if (entity.type === "bot_command") {
    node.href = "#";
    node.addEventListener("click", (event) => {
      event.preventDefault();
      onCommand?.(inner);
    });
  } else if (entity.type === "spoiler") {
    node.classList.add("hidden-spoiler");
    node.addEventListener("click", () => node.classList.remove("hidden-spoiler"));
  } else if (entity.type === "expandable_blockquote") {
    node.classList.add("collapsed");
    node.addEventListener("click", () => node.classList.toggle("collapsed"));
  } else if (entity.type === "pre" && entity.language) {
    node.dataset.language = entity.language;
  }
  return node;
}

// Offsets and lengths are in UTF-16 code units, as JavaScript strings count them.
function build(text, start, end, entities, onCommand) {
  const fragment = document.createDocumentFragment();
  let position = start;
  let index = 0;
  while (index < entities.length) {
    const entity = entities[index];
    const entityEnd = Math.min(entity.offset + entity.length, end);
    if (entity.offset < position || entity.offset >= end) {
      index += 1; // overlaps what was already rendered: Telegram HTML never produces it
      continue;
    }
    if (entity.offset > position) {
      fragment.append(document.createTextNode(text.slice(position, entity.offset)));
    }
    const inside = [];
    let next = index + 1;
    while (next < entities.length && entities[next].offset < entityEnd) {
      inside.push(entities[next]);
      next += 1;
    }
    const inner = text.slice(entity.offset, entityEnd);
    const node = element(entity, inner, onCommand);
    node.append(build(text, entity.offset, entityEnd, inside, onCommand));
    fragment.append(node);
    position = entityEnd;
    index = next;
  }
  if (position < end) fragment.append(document.createTextNode(text.slice(position, end)));
  return fragment;
}

export function renderText(text, entities = [], { onCommand } = {}) {
  const sorted = [...(entities || [])]
    .filter((e) => Number.isInteger(e.offset) && Number.isInteger(e.length) && e.length > 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  return build(text || "", 0, (text || "").length, sorted, onCommand);
}
