// The page's own words (not the bot's: those come from Kenes' catalogs), in kk, ru and en.

const WORDS = {
  title: ["«Кеңес» сынақ алаңы", "Тестовая площадка «Кеңес»", "Kenes playground"],
  people: ["Қатысушылар", "Участники", "People"],
  chat: ["Чат", "Чат", "Chat"],
  moderators: ["Модераторлар", "Модераторы", "Moderators"],
  residents: ["Тұрғындар", "Жители", "Residents"],
  moderator: ["модератор", "модератор", "moderator"],
  addResident: ["Тұрғын қосу", "Добавить жителя", "Add a resident"],
  name: ["Аты", "Имя", "Name"],
  telegramLanguage: ["Telegram тілі", "Язык Telegram", "Telegram language"],
  otherLanguage: ["басқа (en)", "другой (en)", "other (en)"],
  add: ["Қосу", "Добавить", "Add"],
  message: ["Хабарлама", "Сообщение", "Message"],
  send: ["Жіберу", "Отправить", "Send"],
  photo: ["Фото", "Фото", "Photo"],
  sendPhoto: ["Фото жіберу", "Отправить фото", "Send a photo"],
  location: ["Геолокация", "Геопозиция", "Location"],
  shareLocation: ["Геолокация жіберу", "Отправить геопозицию", "Share a location"],
  commands: ["Командалар", "Команды", "Commands"],
  keyboard: ["Пернетақта", "Клавиатура", "Keyboard"],
  latitude: ["Ендік", "Широта", "Latitude"],
  longitude: ["Бойлық", "Долгота", "Longitude"],
  mapHint: [
    "Картаны басыңыз немесе координаттарды енгізіңіз.",
    "Нажмите на карту или введите координаты.",
    "Click the map or type the coordinates.",
  ],
  caption: ["Сипаттама", "Подпись", "Caption"],
  cancel: ["Болдырмау", "Отмена", "Cancel"],
  edited: ["өзгертілді", "изменено", "edited"],
  download: ["Жүктеп алу", "Скачать", "Download"],
  sticker: ["Стикер", "Стикер", "Sticker"],
  voice: ["Дауыстық хабарлама", "Голосовое сообщение", "Voice message"],
  sendVoice: ["Дауыстық хабарлама жіберу", "Отправить голосовое", "Send a voice message"],
  voiceKind: ["Түрі", "Что", "What"],
  videoNote: ["Бейнехабарлама", "Видеосообщение", "Video message"],
  audio: ["Аудиофайл", "Аудиофайл", "Audio file"],
  seconds: ["Ұзақтығы, секунд", "Длительность, секунд", "Length, seconds"],
  document: ["Файл", "Файл", "File"],
  empty: [
    "Әзірге хабарлама жоқ. /start жіберіңіз.",
    "Сообщений пока нет. Отправьте /start.",
    "No messages yet. Send /start.",
  ],
  groupEmpty: [
    "Kenes модераторларға жіберген хабарламалар осында көрінеді.",
    "Здесь появятся сообщения, которые Kenes присылает модераторам.",
    "What Kenes sends to the moderators appears here.",
  ],
  actingAs: ["Сіз — {name}", "Вы — {name}", "You are {name}"],
  live: ["байланыс бар", "на связи", "live"],
  reconnecting: ["қайта қосылуда…", "переподключение…", "reconnecting…"],
  stopped: ["сынақ алаңы тоқтады", "площадка остановлена", "the playground stopped"],
  unsupported: [
    "Бұл түйме сынақ алаңында жұмыс істемейді.",
    "Эта кнопка не работает на тестовой площадке.",
    "This button does not work in the playground.",
  ],
  refused: ["Эмулятор қабылдамады: {reason}", "Эмулятор отказал: {reason}", "The emulator refused: {reason}"],
  pageLanguage: ["Бет тілі", "Язык страницы", "Page language"],
};

const INDEX = { kk: 0, ru: 1, en: 2 };
export const PAGE_LANGUAGES = Object.keys(INDEX);

export function pickLanguage() {
  const asked = new URLSearchParams(window.location.search).get("lang");
  if (asked in INDEX) return asked;
  const saved = window.localStorage.getItem("kenes-playground-lang");
  if (saved in INDEX) return saved;
  const browser = (navigator.language || "").slice(0, 2);
  return browser in INDEX ? browser : "ru";
}

export function translator(language) {
  const index = INDEX[language] ?? INDEX.ru;
  return (key, values = {}) => {
    const text = WORDS[key]?.[index] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
  };
}
