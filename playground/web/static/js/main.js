// The web playground: who you are on the left, your chat with Kenes in the middle, the
// moderators' group on the right (tabs on a phone). Live through the emulator's events.

import { api } from "./api.js";
import { ChatPanel } from "./chat.js";
import { CityMap, Dialogs } from "./dialogs.js";
import { PAGE_LANGUAGES, pickLanguage, translator } from "./i18n.js";
import { People } from "./people.js";

const language = pickLanguage();
const t = translator(language);
const body = document.body;

function translatePage() {
  document.documentElement.lang = language;
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const node of document.querySelectorAll("[data-t-placeholder]")) {
    node.placeholder = t(node.dataset.tPlaceholder);
  }
  for (const node of document.querySelectorAll("[data-t-label]")) {
    node.setAttribute("aria-label", t(node.dataset.tLabel));
  }
  const picker = document.getElementById("page-language");
  picker.value = language;
  picker.addEventListener("change", () => {
    window.localStorage.setItem("kenes-playground-lang", picker.value);
    const url = new URL(window.location.href);
    url.searchParams.set("lang", picker.value);
    window.location.replace(url);
  });
  if (!PAGE_LANGUAGES.includes(picker.value)) picker.value = "ru";
}

function notify(text) {
  const note = document.createElement("div");
  note.className = "toast";
  note.textContent = text;
  document.getElementById("toasts").append(note);
  setTimeout(() => note.remove(), 5000);
}

function showTab(name) {
  body.dataset.tab = name;
  for (const tab of document.querySelectorAll(".tabs [data-tab]")) {
    tab.setAttribute("aria-selected", String(tab.dataset.tab === name));
    if (tab.dataset.tab === name) tab.querySelector(".unread")?.remove();
  }
}

function markTab(name) {
  if (body.dataset.tab === name || getComputedStyle(document.querySelector(".tabs")).display === "none") return;
  const tab = document.querySelector(`.tabs [data-tab="${name}"]`);
  let badge = tab.querySelector(".unread");
  if (!badge) {
    badge = document.createElement("span");
    badge.className = "unread";
    badge.textContent = "0";
    tab.append(badge);
  }
  badge.textContent = String(Number(badge.textContent) + 1);
}

async function start() {
  translatePage();
  const config = await api.config();
  const map = config.map ? new CityMap(config.map, language) : null;
  const describeLocation = (latitude, longitude) => map?.district(latitude, longitude) || null;
  const dialogs = new Dialogs({ t, map });
  const options = { t, dialogs, notify, describeLocation };
  const chat = new ChatPanel(document.getElementById("chat"), options);
  const group = new ChatPanel(document.getElementById("moderators"), options);

  const identityOf = (user) => ({
    userId: user.id,
    chatId: user.id,
    title: user.first_name,
    subtitle: `Telegram: ${user.language_code || "—"} · id ${user.id}`,
    languageCode: user.language_code,
    group: false,
  });
  const openGroup = (moderator) =>
    group.open({
      userId: config.moderator_id,
      chatId: config.group.id,
      title: config.group.title,
      subtitle: t("actingAs", { name: moderator?.first_name || config.moderator_id }),
      languageCode: moderator?.language_code,
      group: true,
    });

  const people = new People(document.getElementById("people"), {
    t,
    moderatorId: config.moderator_id,
    onPick: (userId) => pick(userId, true),
    onAdd: async (user) => {
      try {
        const added = await api.addUser(user);
        people.add(added);
        await pick(added.id, true);
      } catch (error) {
        notify(t("refused", { reason: error.message }));
      }
    },
  });

  async function pick(userId, switchTab) {
    const user = people.people.get(userId);
    if (!user) return;
    people.pick(userId);
    if (window.location.hash !== `#${userId}`) history.replaceState(null, "", `#${userId}`);
    if (switchTab) showTab("chat");
    await chat.open(identityOf(user));
  }

  async function load() {
    people.set(await api.users());
    const known = (id) => (people.people.has(id) ? id : null);
    const chosen =
      known(people.current) ?? known(Number(window.location.hash.slice(1))) ??
      people.residents()[0]?.id ?? config.moderator_id;
    await Promise.all([pick(chosen, false), openGroup(people.people.get(config.moderator_id))]);
  }

  for (const tab of document.querySelectorAll(".tabs [data-tab]")) {
    tab.addEventListener("click", () => showTab(tab.dataset.tab));
  }
  showTab("chat");

  const live = document.getElementById("live");
  const setLive = (state) => {
    body.dataset.live = state;
    live.dataset.state = state;
    live.textContent = t(state === "open" ? "live" : state);
  };
  const events = new EventSource("/_emulator/events");
  let loaded = false;
  const opened = new Promise((resolve) => events.addEventListener("open", resolve, { once: true }));
  events.onopen = async () => {
    setLive("open");
    if (loaded) {
      people.people.clear();
      await load(); // the playground may have restarted: read everything again
    }
  };
  events.onerror = () => {
    if (body.dataset.live !== "stopped") setLive("reconnecting");
  };
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === "closing") {
      setLive("stopped");
      return;
    }
    if (event.type === "user") {
      people.add(event.user);
      return;
    }
    const inChat = chat.apply(event);
    const inGroup = group.apply(event);
    if (event.type !== "message" || !event.message?.from_bot) return;
    if (inGroup) markTab("moderators");
    if (inChat) markTab("chat");
    if (!inChat && !inGroup) people.bump(event.chat_id);
  };
  await opened; // subscribed first, then read: no event falls between the two
  await load();
  loaded = true;
  body.dataset.ready = "true";
}

start().catch((error) => notify(String(error)));
