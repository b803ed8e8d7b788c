// Every string of the UI, in Ukrainian (the default) and English: one
// dictionary, each entry [uk, en]. {name} marks a value filled in by t().
export type Lang = 'uk' | 'en';

const D = {
  app: ['Запас', 'Zapas'],
  tagline: ['Облік гуманітарної допомоги', 'Humanitarian aid stock and books'],
  username: ['Користувач', 'User name'],
  password: ['Пароль', 'Password'],
  login: ['Увійти', 'Log in'],
  logout: ['Вийти', 'Log out'],
  loginHint: [
    'Демо: sklad / sklad-demo (склад), kasa / kasa-demo-1 (каса), donor / donor-demo (донор)',
    'Demo: sklad / sklad-demo (warehouse), kasa / kasa-demo-1 (treasurer), donor / donor-demo (donor)',
  ],
  sessionEnded: ['Сеанс завершено, увійдіть знову.', 'The session has ended: please log in again.'],
  language: ['English', 'Українська'],
  role_admin: ['адміністратор', 'admin'],
  role_warehouse: ['склад', 'warehouse'],
  role_treasurer: ['каса', 'treasurer'],
  role_auditor: ['аудитор', 'auditor'],
  role_donor: ['донор', 'donor'],
  role: ['Роль', 'Role'],
  save: ['Зберегти', 'Save'],
  edit: ['Змінити', 'Edit'],
  // the catalogue and the people
  shownN: ['Показано: {n}', 'Shown: {n}'],
  showMore: ['Показати ще', 'Show more'],
  itemsTitle: ['Товари', 'Items'],
  itemAdd: ['Додати товар', 'Add an item'],
  itemEdit: ['Товар {s}', 'Item {s}'],
  nameUk: ['Назва українською', 'Name in Ukrainian'],
  nameEn: ['Назва англійською', 'Name in English'],
  unit: ['Одиниця', 'Unit'],
  category: ['Категорія', 'Category'],
  expiryTracked: ['Має термін придатності', 'Has an expiry date'],
  recipientsTitle: ['Отримувачі', 'Recipients'],
  recipientAdd: ['Додати отримувача', 'Add a recipient'],
  recipientNew: ['+ Новий отримувач', '+ New recipient'],
  recipientKind: ['Тип', 'Kind'],
  allKinds: ['усі типи', 'every kind'],
  code: ['Код', 'Code'],
  name: ['Назва', 'Name'],
  region: ['Область', 'Region'],
  phone: ['Телефон', 'Phone'],
  householdSize: ['Членів домогосподарства', 'People in the household'],
  personNames: ['Імена', 'Names'],
  close: ['Закрити', 'Close'],
  warehousesTitle: ['Склади', 'Warehouses'],
  warehouseAdd: ['Додати склад', 'Add a warehouse'],
  donorsTitle: ['Донори', 'Donors'],
  donorAdd: ['Додати донора', 'Add a donor'],
  country: ['Країна', 'Country'],
  stockAsOf: [
    'Немає зв’язку: залишки станом на {t} (останні отримані).',
    'Offline: the stock as of {t} (the last read).',
  ],
  // the home screen
  homeTitle: ['Що потребує уваги', 'What needs you today'],
  homeHint: ['Станом на {d}.', 'As of {d}.'],
  homeGo: ['Перейти', 'Go there'],
  homeExpiring30: ['Партії, що спливають за 30 днів', 'Lots expiring within 30 days'],
  homeExpiring90: ['Партії, що спливають за 90 днів', 'Lots expiring within 90 days'],
  homeUnconfirmed: ['Видачі без підтвердження отримання', 'Deliveries without a proof of delivery'],
  homeToday: ['Документи сьогодні', "Today's documents"],
  homeHeld60: ['Допомога на складі понад 60 із 90 днів', 'Aid held past 60 of the 90 days'],
  homeOverdue: ['з них понад 90 днів: {n}', 'of which past 90 days: {n}'],
  homeStatements: ['Рахунки, де виписка банку не збігається з обліком', 'Accounts whose last statement differs'],
  homeOpenMonths: ['Незакриті місяці', 'Months not yet closed'],
  homeNoneClosed: ['Жоден місяць ще не закрито.', 'No month is closed yet.'],
  donorSummary: ['Ваш внесок у {y} році', 'Your support in {y}'],
  sumReceived: ['Отримано коштів', 'Money received'],
  sumSpent: ['Витрачено', 'Spent'],
  sumDelivered: ['Видано допомоги', 'Aid delivered'],
  deliveriesN: ['{n} видача|{n} видачі|{n} видач', '{n} delivery|{n} deliveries'],
  sumReached: ['Охоплено', 'Reached'],
  sumReachedText: [
    'домогосподарств ВПО: {h} ({p} осіб), організацій: {o}',
    'IDP households: {h} ({p} people), organisations: {o}',
  ],
  // the history of documents
  historyTitle: ['Історія документів', 'Documents'],
  docKind: ['Документ', 'Document'],
  docNumber: ['Номер', 'Number'],
  docWho: ['Кому / звідки', 'To / from'],
  docState: ['Стан', 'State'],
  docOpen: ['Відкрити', 'Open'],
  docReversed: ['Цей документ сторновано.', 'This document is reversed.'],
  docReversedShort: ['сторновано', 'reversed'],
  docConfirmed: ['отримання підтверджено', 'received'],
  docReverse: ['Сторнувати', 'Reverse'],
  dateFrom: ['З дати', 'From'],
  dateTo: ['По дату', 'To'],
  doc_receipt: ['Прибуткова накладна', 'Goods received note'],
  doc_delivery: ['Видача', 'Delivery'],
  doc_transfer: ['Переміщення', 'Transfer'],
  doc_adjustment: ['Коригування', 'Adjustment'],
  doc_reversal: ['Сторно', 'Reversal'],
  doc_return: ['Повернення', 'Return'],
  doc_assembly: ['Комплектування', 'Kit assembly'],
  doc_disassembly: ['Розбирання наборів', 'Kits taken apart'],
  doc_request: ['Запит', 'Request'],
  doc_stocktake: ['Інвентаризація', 'Stocktake'],
  doc_cash_donation: ['Грошова пожертва', 'Cash donation'],
  doc_payment: ['Оплата', 'Payment'],
  doc_cash_transfer: ['Переказ між рахунками', 'Transfer between accounts'],
  doc_exchange: ['Обмін валюти', 'Currency exchange'],
  doc_bank_fee: ['Комісія банку', 'Bank fee'],
  chainOk: [
    'Журнал цілий: {n} записів, ланцюжок хешів сходиться (останній {h}…).',
    'The journal is whole: {n} entries, the hash chain holds (head {h}…).',
  ],
  chainBroken: ['Журнал пошкоджено: {p}', 'The journal is damaged: {p}'],
  // spreadsheets in and out
  importTitle: ['Імпорт і експорт', 'Import and export'],
  importKind: ['Що імпортувати', 'What to import'],
  import_items: ['Товари', 'Items'],
  import_recipients: ['Отримувачі', 'Recipients'],
  import_receipts: ['Надходження (рядок на позицію)', 'Receipts (a row per line)'],
  import_cash: ['Грошові пожертви', 'Cash donations'],
  importFile: ['Файл CSV', 'CSV file'],
  importHint: [
    'Стовпці — як у довідці (англійські назви або українські заголовки); кома чи крапка з комою.',
    'Columns as the reference says (English names or Ukrainian titles); comma or semicolon.',
  ],
  importCheck: ['Перевірити файл', 'Check the file'],
  importBad: ['Помилки у файлі: {rows}. Нічого не записано.', 'Bad rows: {rows}. Nothing was written.'],
  importLine: ['Рядок', 'Line'],
  importColumn: ['Стовпець', 'Column'],
  importReason: ['Причина', 'Reason'],
  importWouldWrite: ['Файл правильний: {rows}, буде створено {n}.', 'The file is good: {rows}, {n} to be created.'],
  importConfirm: ['Імпортувати', 'Import'],
  importDone: ['Імпортовано: {rows}, створено {n}.', 'Imported: {rows}, {n} created.'],
  rowsN: ['{n} рядок|{n} рядки|{n} рядків', '{n} row|{n} rows'],
  exportsTitle: ['Експорт', 'Exports'],
  exportItems: ['Товари (CSV)', 'Items (CSV)'],
  exportHxl: ['Видачі для HDX (HXL CSV)', 'Distributions for HDX (HXL CSV)'],
  exportIati: ['Звіт IATI (XML)', 'IATI activities (XML)'],
  exportJournal: ['Журнал для hledger', 'Journal for hledger'],
  // users and passwords
  usersTitle: ['Користувачі', 'Users'],
  userAdd: ['Додати користувача', 'Add a user'],
  userEdit: ['Користувач {u}', 'User {u}'],
  userWarehouses: ['Склади', 'Warehouses'],
  userWarehousesHint: [
    'Користувач складу бачить і змінює лише позначені склади; жоден не позначено — усі склади.',
    'A warehouse user sees and changes only the warehouses ticked; none ticked: every warehouse.',
  ],
  userAllWarehouses: ['усі склади', 'every warehouse'],
  userStatus: ['Стан', 'Status'],
  userActive: ['активний', 'active'],
  userDisabled: ['вимкнено', 'disabled'],
  passwordTitle: ['Зміна пароля', 'Change your password'],
  passwordOld: ['Поточний пароль', 'Current password'],
  passwordNew: ['Новий пароль', 'New password'],
  passwordAgain: ['Новий пароль ще раз', 'New password again'],
  passwordRule: [
    'Щонайменше 10 символів і не з переліку поширених паролів.',
    'At least 10 characters, and not one of the common passwords.',
  ],
  passwordMismatch: ['Паролі не збігаються.', 'The passwords differ.'],
  passwordChanged: [
    'Пароль змінено. Інші сеанси цього користувача завершено.',
    'The password is changed. Your other sessions have ended.',
  ],
  passwordChange: ['Змінити пароль', 'Change the password'],
  m_oneOf: ['має бути одним із: {l}', 'must be one of {l}'],
  m_trueFalse: ['має бути true або false (так / ні)', 'must be true or false'],
  m_commonPassword: [
    'це один із найпоширеніших паролів: оберіть інший',
    'is one of the most common passwords: choose another',
  ],
  m_passwordShort: ['щонайменше 10 символів (зараз {n})', 'must have at least 10 characters (it has {n})'],
  m_notYourPassword: ['це не ваш поточний пароль', 'is not your current password'],
  m_samePassword: ['новий пароль має відрізнятися від старого', 'must differ from the old password'],
  m_outOfScope: ['Користувач {u} не має доступу до складу {w}', 'the user {u} may not use the warehouse {w}'],
  m_lastAdmin: [
    '«{u}» — останній активний адміністратор: спершу призначте іншого',
    '"{u}" is the last enabled admin: make another user admin first',
  ],
  m_onlyWarehouseUsers: [
    'лише користувач складу обмежується складами',
    'only a warehouse user is limited to warehouses',
  ],
  m_donorRequired: ['обов’язково для користувача-донора', 'is required for a donor user'],
  m_userExists: ['користувач «{u}» уже існує', 'user "{u}" already exists'],
  // navigation
  nav_stock: ['Залишки', 'Stock'],
  nav_receive: ['Прийняти', 'Receive'],
  nav_deliver: ['Видати', 'Deliver'],
  // requests, the needs board, returns and stocktakes
  nav_requests: ['Запити', 'Requests'],
  nav_return: ['Повернення', 'Return'],
  nav_stocktakes: ['Інвентаризація', 'Stocktakes'],
  nav_kits: ['Набори', 'Kits'],
  nav_alerts: ['Сповіщення', 'Alerts'],
  kitsTitle: ['Набори (комплекти)', 'Kits'],
  kitNew: ['Новий набір', 'Define a kit'],
  kitAssemble: ['Зібрати набори', 'Assemble kits'],
  kitDisassemble: ['Розібрати набори', 'Take kits apart'],
  kitComponents: ['Склад одного набору', 'One kit holds'],
  kitPerKit: ['Кількість в одному наборі', 'Quantity in one kit'],
  kit: ['Набір', 'Kit'],
  kitHowMany: ['Скільки наборів', 'How many kits'],
  kitWillTake: ['Буде взято з партій', 'Will be taken from the lots'],
  kitAssembled: ['Зібрано {n}: партія {lot}', 'Assembled {n}: lot {lot}'],
  kitTakenApart: ['Розібрано {n}', 'Taken apart: {n}'],
  alertsTitle: ['Сповіщення', 'Alerts'],
  alertKind: ['Вид', 'Kind'],
  alertAll: ['Усі', 'All'],
  alertWhat: ['Що', 'What'],
  alertSince: ['З дати', 'Since'],
  alertNone: ['Нічого не потребує уваги.', 'Nothing needs attention.'],
  alert_expired: ['Прострочено', 'Expired'],
  alert_expiring: ['Термін спливає', 'Expiring'],
  alert_below_minimum: ['Нижче мінімуму', 'Below minimum'],
  alert_undistributed: ['Зберігається задовго', 'Held too long'],
  alert_unconfirmed_delivery: ['Без підтвердження', 'No proof of delivery'],
  alert_request_overdue: ['Прострочений запит', 'Overdue request'],
  minimumSet: ['Мінімальний запас', 'Set a minimum'],
  minimumQuantity: ['Мінімум', 'Minimum'],
  requestsTitle: ['Запити підрозділів і притулків', 'Requests from units and shelters'],
  requestNew: ['Новий запит', 'New request'],
  requestStatus: ['Стан', 'Status'],
  requestReference: ['Лист, вхідний номер', 'Letter, reference'],
  rqs_waiting: ['Очікують (нові й часткові)', 'Waiting (open and partial)'],
  rqs_open: ['новий', 'open'],
  rqs_partial: ['частково', 'partial'],
  rqs_fulfilled: ['виконано', 'fulfilled'],
  rqs_cancelled: ['скасовано', 'cancelled'],
  all: ['усі', 'all'],
  priority: ['Терміновість', 'Priority'],
  prio_urgent: ['невідкладно', 'urgent'],
  prio_high: ['високий', 'high'],
  prio_normal: ['звичайний', 'normal'],
  neededBy: ['Потрібно до', 'Needed by'],
  outstanding: ['Ще потрібно', 'Outstanding'],
  requested: ['Запитано', 'Requested'],
  deliveredQ: ['Видано', 'Delivered'],
  inStock: ['На складах', 'In stock'],
  note: ['Примітка', 'Note'],
  deliverOutstanding: ['Видати решту', 'Deliver what is outstanding'],
  cancelOutstanding: ['Скасувати решту', 'Cancel what is outstanding'],
  cancelTitle: ['Скасувати решту запиту {n}', 'Cancel what is outstanding of {n}'],
  servesRequest: ['Видача за запитом {n}.', 'Delivery for request {n}.'],
  notForRequest: ['Не за запитом', 'Not for the request'],
  coversAll: ['На складі {q}: вистачає на {o}', 'In stock {q}: covers the {o} outstanding'],
  coversPart: ['На складі лише {q} з {o} потрібних', 'Only {q} in stock of the {o} outstanding'],
  needsTitle: ['Що потрібно зараз', 'What we need now'],
  needsPdf: ['Що потрібно зараз (PDF)', 'What we need now (PDF)'],
  needsHxl: ['HXL (CSV)', 'HXL (CSV)'],
  stocktakesTitle: ['Інвентаризація', 'Stocktakes'],
  stocktakeNew: ['Почати інвентаризацію', 'Start a stocktake'],
  stocktakeStart: ['Почати', 'Start'],
  blind: ['сліпий облік', 'blind count'],
  blindHint: ['Сліпий облік: не показувати облікові залишки', 'Blind count: do not show the books'],
  stOpen: ['триває', 'open'],
  stClosed: ['закрита', 'closed'],
  stCount: ['Рахувати', 'Count'],
  stShow: ['Переглянути', 'Show'],
  countSheet: ['Інвентаризаційний опис (PDF)', 'Count sheet (PDF)'],
  books: ['За обліком', 'Books'],
  counted: ['Фактично', 'Counted'],
  difference: ['Різниця', 'Difference'],
  foundLots: ['Знайдені партії, яких немає в описі', 'Lots found that are not on the sheet'],
  saveCounts: ['Зберегти підрахунок', 'Save the counts'],
  closeStocktake: ['Закрити й списати різницю', 'Close and adjust the differences'],
  stocktakeCloseAsk: [
    'Закрити інвентаризацію? Різниці стануть коригуванням, підрахунок більше не змінити.',
    'Close the stocktake? The differences become an adjustment, and no more counts can be entered.',
  ],
  stocktakeAdjusted: ['Закрито: коригування {n}, позицій {k}.', 'Closed: adjustment {n}, {k} lines.'],
  stocktakeNoDiff: ['Закрито: розбіжностей немає.', 'Closed: nothing differed.'],
  back: ['Назад', 'Back'],
  returnTitle: ['Повернення від отримувача', 'Goods returned by a recipient'],
  returnDelivery: ['Видача (номер запису)', 'Delivery (its id)'],
  returnDeliveryHint: ['Необов’язково: не більше, ніж дала ця видача', 'Optional: never more than that delivery gave'],
  ret_unused: ['не використано', 'unused'],
  ret_wrong_item: ['не той товар', 'wrong item'],
  ret_damaged: ['пошкоджено', 'damaged'],
  writeOffHint: ['Одразу списати як пошкоджене', 'Write it off as damaged at once'],
  returnSubmit: ['Прийняти повернення', 'Take the return'],
  returned: ['Повернення {n} прийнято', 'Return {n} taken'],
  writtenOff: ['Списано: {n}', 'Written off: {n}'],

  nav_transfer: ['Переміщення', 'Transfer'],
  nav_adjust: ['Коригування', 'Adjust'],
  nav_confirm: ['Підтвердити отримання', 'Proof of delivery'],
  nav_cash: ['Каса', 'Cash'],
  nav_rates: ['Курси НБУ', 'NBU rates'],
  nav_reconciliation: ['Звірка', 'Reconciliation'],
  nav_undistributed: ['Нерозподілене', 'Undistributed'],
  nav_audit: ['Аудиторський звіт', 'Audit report'],
  nav_periods: ['Закриття періоду', 'Close period'],
  nav_users: ['Користувачі', 'Users'],
  nav_files: ['Файли', 'Files'],
  nav_history: ['Історія', 'History'],
  nav_home: ['Сьогодні', 'Today'],
  nav_items: ['Товари', 'Items'],
  nav_recipients: ['Отримувачі', 'Recipients'],
  nav_warehouses: ['Склади', 'Warehouses'],
  nav_donors: ['Донори', 'Donors'],
  nav_password: ['Мій пароль', 'My password'],
  nav_donor: ['Звіт донора', 'Donor report'],
  // common fields
  warehouse: ['Склад', 'Warehouse'],
  donor: ['Донор', 'Donor'],
  recipient: ['Отримувач', 'Recipient'],
  date: ['Дата', 'Date'],
  reference: ['Документ донора (накладна, рахунок)', "Donor's document (invoice, consignment note)"],
  item: ['Товар', 'Item'],
  sku: ['Код (SKU)', 'SKU'],
  quantity: ['Кількість', 'Quantity'],
  lot: ['Партія', 'Lot'],
  lotAuto: ['авто', 'automatic'],
  lotFefo: ['FEFO (першим — що раніше спливає)', 'FEFO (first expiry first out)'],
  expiry: ['Придатний до', 'Expiry'],
  unitValue: ['Ціна за одиницю', 'Unit value'],
  currency: ['Валюта', 'Currency'],
  value: ['Вартість', 'Value'],
  remark: ['Примітка (нестача, пошкодження)', 'Remark (shortage, damage)'],
  lines: ['Позиції', 'Lines'],
  addLine: ['+ Додати позицію', '+ Add a line'],
  removeLine: ['Прибрати', 'Remove'],
  choose: ['— оберіть —', '— choose —'],
  none: ['немає', 'none'],
  total: ['Разом', 'Total'],
  from: ['З', 'From'],
  to: ['По', 'To'],
  search: ['Пошук за назвою або кодом', 'Search by name or SKU'],
  loading: ['Завантаження…', 'Loading…'],
  refresh: ['Оновити', 'Refresh'],
  number: ['Номер', 'Number'],
  optional: ['необов’язково', 'optional'],
  unit_pcs: ['шт', 'pcs'],
  unit_kg: ['кг', 'kg'],
  unit_l: ['л', 'l'],
  unit_box: ['кор.', 'boxes'],
  unit_set: ['наб.', 'sets'],
  unit_pack: ['уп.', 'packs'],
  unit_m: ['м', 'm'],
  // stock
  stockTitle: ['Залишки на складі', 'Stock in the warehouse'],
  stockEmpty: ['Нічого не знайдено.', 'Nothing found.'],
  allWarehouses: ['Усі склади', 'All warehouses'],
  legendExpired: ['прострочено', 'expired'],
  legend30: ['спливає < 30 днів', 'expires in < 30 days'],
  legend90: ['спливає < 90 днів', 'expires in < 90 days'],
  noExpiry: ['без терміну', 'no expiry'],
  available: ['Доступно: {q}', 'Available: {q}'],
  // receive
  receiveTitle: ['Прийняти допомогу на склад', 'Receive aid into a warehouse'],
  receiveSubmit: ['Прийняти', 'Receive'],
  received: ['Прийнято: {n}', 'Received: {n}'],
  openGrn: ['Відкрити прибуткову накладну (PDF)', 'Open the goods received note (PDF)'],
  // deliver
  deliverTitle: ['Видати допомогу отримувачу', 'Deliver aid to a recipient'],
  previewLots: ['Далі: показати партії', 'Next: show the lots'],
  previewTitle: ['Буде видано з таких партій (FEFO):', 'These lots will be delivered (FEFO):'],
  previewOffline: [
    'Немає зв’язку: партії підбере сервер (FEFO), коли видача надійде.',
    'Offline: the server will pick the lots (FEFO) when the delivery arrives.',
  ],
  confirmDelivery: ['Підтвердити видачу', 'Confirm the delivery'],
  delivered: ['Видано: {n}', 'Delivered: {n}'],
  openAct: ['Відкрити акт приймання-передачі (PDF)', 'Open the transfer act (PDF)'],
  openWaybill: ['Відкрити накладну (PDF)', 'Open the waybill (PDF)'],
  download: ['Завантажити', 'Download'],
  newDocument: ['Новий документ', 'New document'],
  kind_military_unit: ['військова частина', 'military unit'],
  kind_idp_household: ['домогосподарство ВПО', 'IDP household'],
  kind_idp_shelter: ['прихисток ВПО', 'IDP shelter'],
  kind_hospital: ['лікарня', 'hospital'],
  kind_community: ['громада', 'community'],
  // transfer, adjust, confirm
  transferTitle: ['Перемістити між складами', 'Move between warehouses'],
  fromWarehouse: ['Зі складу', 'From warehouse'],
  toWarehouse: ['На склад', 'To warehouse'],
  transferSubmit: ['Перемістити', 'Transfer'],
  transferred: ['Переміщено: {n}', 'Transferred: {n}'],
  adjustTitle: ['Коригування залишків', 'Stock adjustment'],
  reason: ['Причина', 'Reason'],
  reason_damaged: ['пошкоджено', 'damaged'],
  reason_expired: ['прострочено', 'expired'],
  reason_lost: ['втрачено', 'lost'],
  reason_count: ['інвентаризація', 'stock count'],
  adjustHint: ['Від’ємна кількість списує, додатна додає.', 'A negative quantity writes off, a positive one adds.'],
  adjustSubmit: ['Провести коригування', 'Record the adjustment'],
  adjusted: ['Проведено: {n}', 'Recorded: {n}'],
  confirmTitle: ['Підтвердження отримання', 'Proof of delivery'],
  delivery: ['Видача', 'Delivery'],
  deliveriesWaiting: ['Очікують підтвердження', 'Waiting for proof'],
  deliveriesConfirmed: ['Уже підтверджені', 'Confirmed already'],
  receivedBy: ['Хто отримав (посада, ім’я)', 'Received by (position, name)'],
  receivedAt: ['Коли отримано', 'Received at'],
  confirmSubmit: ['Підтвердити', 'Confirm'],
  confirmed: ['Підтверджено: {n}', 'Confirmed: {n}'],
  // money
  cashTitle: ['Грошові операції', 'Money operations'],
  cash_donation: ['Пожертва', 'Donation'],
  cash_payment: ['Оплата', 'Payment'],
  cash_exchange: ['Обмін валюти', 'Currency exchange'],
  account: ['Рахунок', 'Account'],
  accountFrom: ['З рахунку', 'From account'],
  accountTo: ['На рахунок', 'To account'],
  amount: ['Сума', 'Amount'],
  sold: ['Продано', 'Sold'],
  bought: ['Отримано', 'Bought'],
  earmark: ['Призначення від донора', "Donor's earmark"],
  purpose: ['Призначення платежу', 'Purpose'],
  chargedTo: ['За рахунок коштів донора', "Charged to the donor's funds"],
  record: ['Провести', 'Record'],
  recorded: ['Проведено: {n}', 'Recorded: {n}'],
  ratesTitle: ['Курси НБУ', 'NBU exchange rates'],
  ratesFile: ['Файл курсів НБУ (JSON або XML)', 'NBU rate file (JSON or XML)'],
  ratesImport: ['Імпортувати', 'Import'],
  ratesImported: [
    'Записів: {r}, нових курсів: {i}, уже відомих: {k}',
    'Records: {r}, new rates: {i}, already known: {k}',
  ],
  ratesInForce: ['Курси на дату', 'Rates in force on'],
  rate: ['Курс, грн', 'Rate, UAH'],
  rateDate: ['Встановлено', 'Set on'],
  outlierQuestion: [
    'Курс відрізняється від попереднього більш ніж на 20\u00a0%:',
    'The rate is more than 20\u00a0% away from the previous one:',
  ],
  outlierLine: [
    '{c} на {d}: {r} — на {p}\u00a0% від попереднього курсу {pr} ({pd})',
    '{c} on {d}: {r} is {p}\u00a0% away from the previous rate {pr} ({pd})',
  ],
  outlierIsRight: ['Це правильно?', 'Is it right?'],
  outlierConfirm: ['Так, курс правильний', 'Yes, the rate is right'],
  outlierCancel: ['Ні, скасувати', 'No, cancel'],
  rateCorrectTitle: ['Виправити курс', 'Correct a rate'],
  rateCorrectHint: [
    'Лише курс відкритого місяця, який ще не використано в жодному проведенні. Виправлення з причиною записується в журнал. Потрібен зв’язок із сервером.',
    'Only a rate of an open month that no booking has used yet. The correction and its reason are recorded in the journal. Needs a connection to the server.',
  ],
  newRate: ['Новий курс, грн', 'New rate, UAH'],
  rateCorrect: ['Виправити курс', 'Correct the rate'],
  rateCorrected: ['Курс {c} на {d} виправлено: {p} → {r}', 'The rate of {c} on {d} is corrected: {p} → {r}'],
  reconTitle: ['Звірка рахунків і коштів донорів', 'Reconciliation of accounts and donor funds'],
  show: ['Показати', 'Show'],
  accounts: ['Рахунки', 'Accounts'],
  opening: ['На початок', 'Opening'],
  in: ['Надійшло', 'In'],
  out: ['Вибуло', 'Out'],
  closing: ['На кінець', 'Closing'],
  closingBooked: ['Облікова, {c}', 'Booked, {c}'],
  closingRevalued: ['Переоцінена, {c}', 'Revalued, {c}'],
  exchangeDifference: ['Курсова різниця', 'Exchange difference'],
  donors: ['Донори', 'Donors'],
  receivedMoney: ['Отримано', 'Received'],
  spent: ['Витрачено', 'Spent'],
  remaining: ['Залишок', 'Remaining'],
  goodsReceived: ['Товари отримано', 'Goods received'],
  goodsDistributed: ['Товари видано', 'Goods distributed'],
  goodsInStock: ['Товари на складі', 'Goods in stock'],
  undistTitle: ['Отримано, але не розподілено', 'Received but not distributed'],
  undistRule: [
    'Постанова КМУ № 953: розподіл треба звітувати протягом 90 днів від отримання.',
    'Cabinet Resolution 953: distribution must be reported within 90 days of receipt.',
  ],
  onDate: ['На дату', 'On date'],
  ageDays: ['Днів', 'Days'],
  receivedOn: ['Отримано', 'Received'],
  overdue: ['понад 90 днів', 'over 90 days'],
  bucket: ['{a}–{b} днів', '{a}–{b} days'],
  bucketOver: ['понад 90 днів', 'over 90 days'],
  lotsCount: ['партій: {n}', 'lots: {n}'],
  auditTitle: ['Аудиторський звіт (PDF)', 'Audit report (PDF)'],
  auditHint: [
    'Звірка, рахунки, виписки, кошти донорів і всі записи журналу за період з їхніми хешами.',
    'Reconciliation, accounts, statements, donor funds and every journal entry of the period with its hash.',
  ],
  periodsTitle: ['Закриття періоду', 'Closing a period'],
  closedThrough: ['Книги закрито по: {d}', 'The books are closed through: {d}'],
  nothingClosed: ['Жоден місяць ще не закрито.', 'No month is closed yet.'],
  month: ['Місяць', 'Month'],
  closeMonth: ['Закрити місяць', 'Close the month'],
  closeWarn: [
    'Після закриття жодну операцію з датою в цьому або ранішому місяці не можна буде провести. Відкрити місяць знову може лише адміністратор, зазначивши причину. Закрити {m}?',
    'Once it is closed, no operation dated in this or an earlier month can be recorded. Only an admin can reopen the month, giving a reason. Close {m}?',
  ],
  reopenMonth: ['Відкрити місяць знову', 'Reopen month'],
  reopenHint: [
    'Знову відкрити можна лише останній закритий місяць, {m}. Причину буде записано в журнал і показано в аудиторському звіті.',
    'Only the latest closed month, {m}, can be reopened. The reason is recorded in the journal and shown in the audit report.',
  ],
  reopenReason: ['Причина (обов’язково)', 'Reason (required)'],
  reopenSubmit: ['Відкрити {m} знову', 'Reopen {m}'],
  reopened: ['{m} знову відкрито.', '{m} is open again.'],
  cancel: ['Скасувати', 'Cancel'],
  closedBy: ['Закрив', 'Closed by'],
  closedAt: ['Коли', 'When'],
  donorTitle: ['Звіт для донора {d}', 'Report for donor {d}'],
  donorHint: [
    'Що ви передали за період і що з цим сталося: кошти, товари, отримувачі (лише узагальнені дані).',
    'What you gave over the period and what became of it: money, goods, recipients (aggregates only).',
  ],
  reportLang: ['Мова звіту', 'Report language'],
  openPdf: ['Відкрити PDF', 'Open PDF'],
  // outbox
  online: ['на зв’язку', 'online'],
  offline: ['немає зв’язку', 'offline'],
  queueTitle: ['Черга надсилання', 'Waiting to be sent'],
  queueHint: [
    'Збережено на цьому пристрої; надішлеться від вашого імені, щойно з’явиться зв’язок, рівно один раз.',
    'Kept on this device; sent in your name, exactly once, when the connection returns.',
  ],
  queuedNotice: [
    'Немає зв’язку: документ збережено в черзі й буде надіслано автоматично.',
    'No connection: the document is saved in the queue and will be sent automatically.',
  ],
  queueFailed: ['Сервер відхилив', 'Refused by the server'],
  queueDiscard: ['Прибрати з черги', 'Remove from the queue'],
  queueDiscardConfirm: [
    'Прибрати з черги «{l}»? Цей документ не буде надіслано.',
    'Remove «{l}» from the queue? It will not be sent.',
  ],
  queueOthers: [
    'У черзі на цьому пристрої: {items} користувача «{u}». Надсилає і прибирає їх лише автор: {u} має увійти на цьому пристрої.',
    'Waiting on this device: {items} of «{u}». Only the author sends or discards them: {u} must log in on this device.',
  ],
  queueUnknown: [
    'У черзі на цьому пристрої: {items} невідомого автора (збережено давнішою версією). Їх ніколи не буде надіслано.',
    'Waiting on this device: {items} of an unknown author (stored by an earlier version). They will never be sent.',
  ],
  queueDiscardUnknown: ['Прибрати їх', 'Discard them'],
  queueUnknownConfirm: [
    'Ці документи не записав жоден відомий користувач, тому їх ніколи не буде надіслано. Прибрати їх з цього пристрою назавжди? ({items})',
    'These items were recorded by nobody known, so they will never be sent. Remove them from this device for good? ({items})',
  ],
  logoutQueued: [
    'Ще не надіслано: {items}. Черга залишиться на цьому пристрої й надішлеться, коли {u} знову увійде тут. Вийти?',
    'Not sent yet: {items}. The queue stays on this device and is sent when {u} logs in here again. Log out?',
  ],
  itemsN: ['{n} документ|{n} документи|{n} документів', '{n} item|{n} items'],
  queueSendNow: ['Надіслати зараз', 'Send now'],
  landedTitle: ['Надіслано з черги', 'Sent from the queue'],
  // errors
  errorTitle: ['Не вдалося: {t}', 'Failed: {t}'],
  checkFields: ['Перевірте позначені поля.', 'Check the marked fields.'],
  err_400: ['Некоректний запит', 'Malformed request'],
  err_401: ['Потрібен вхід', 'Login required'],
  err_403: ['Немає доступу', 'Not allowed'],
  err_404: ['Не знайдено', 'Not found'],
  err_409: ['Конфлікт', 'Conflict'],
  err_413: ['Завеликий файл', 'Too large'],
  err_422: ['Недійсні дані', 'Invalid data'],
  err_429: ['Забагато спроб', 'Too many attempts'],
  err_500: ['Помилка сервера', 'Server error'],
  err_503: ['Сервер недоступний', 'Server unavailable'],
  networkError: ['Немає зв’язку з сервером.', 'The server cannot be reached.'],
  m_required: ['обов’язкове поле', 'required'],
  m_notEnough: ['недостатньо на складі: доступно {a}, потрібно {r}', 'not enough stock: available {a}, requested {r}'],
  m_unknown: ['невідомий код «{c}»', 'unknown code "{c}"'],
  m_notDate: ['не дата (РРРР-ММ-ДД)', 'not a date (YYYY-MM-DD)'],
  m_positive: ['має бути більше нуля', 'must be greater than zero'],
  m_closed: [
    'книги закрито по {d}: оберіть дату у відкритому періоді',
    'the books are closed through {d}: choose a date in an open period',
  ],
  m_decimals: ['забагато знаків після коми', 'too many decimals'],
  m_decimal: ['має бути число, наприклад 12 або 2.5', 'must be a number such as 12 or 2.5'],
  m_expiredLot: ['партія прострочена на цю дату', 'the lot has expired on that date'],
  m_sameWarehouse: ['склади мають відрізнятися', 'the warehouses must differ'],
  m_confirmedAlready: ['видачу вже підтверджено', 'the delivery is confirmed already'],
  m_oneLine: ['додайте хоча б одну позицію', 'add at least one line'],
  m_negative: ['не може бути від’ємним', 'must not be negative'],
  m_lotConflict: [
    'партія вже існує з іншим терміном, донором або ціною',
    'the lot exists already with another expiry, donor or value',
  ],
  m_closedAlready: ['книги вже закрито по {d}', 'the books are closed through {d} already'],
  m_month: ['має бути РРРР-ММ', 'must be YYYY-MM'],
  m_notEnded: [
    '{m} ще не скінчився (сьогодні {d}): місяць можна закрити з наступного дня після його кінця',
    '{m} has not ended yet (today is {d}): a month can be closed from its next day on',
  ],
  m_closeInOrder: [
    'спершу закрийте {ms}: книги закрито по {d}, а місяці закриваються по черзі',
    'close {ms} first: the books are closed through {d} and months close in order',
  ],
  m_notClosed: ['{m} не закрито', '{m} is not closed'],
  m_onlyLatest: [
    'знову відкрити можна лише останній закритий місяць, {m}: спершу відкрийте пізніші',
    'only the latest closed month, {m}, can be reopened: reopen the later ones first',
  ],
  m_tooFarAhead: [
    'не пізніше {d}: так далеко наперед записувати не можна',
    'must not be after {d}: that is too far ahead',
  ],
  m_rateUsed: [
    'курс {c} на {d} уже використано в проведенні: проведена вартість не змінюється, проведіть коригувальну операцію',
    'the rate of {c} on {d} was used by a booking: a booked value never changes, enter a correcting operation instead',
  ],
  m_noRate: [
    'курсу {c} на {d} немає, виправляти нічого: імпортуйте його з файлу НБУ',
    'there is no rate of {c} on {d} to correct: import it from an NBU file',
  ],
  m_rateClosed: [
    'курс {r} припадає на закритий період (книги закрито по {d}): значення закритого місяця не змінюються',
    'the rate of {r} falls within the closed period (the books are closed through {d}): a closed month does not change',
  ],
  m_rateAhead: [
    'курс {r} датовано пізніше за {d}: так далеко наперед записувати не можна',
    'the rate of {r} is dated after {d}: that is too far ahead',
  ],
  m_outlierFile: [
    'курс відрізняється від попереднього більш ніж на 20 % ({l}): імпортуйте файл знову, коли буде зв’язок, і підтвердьте курс',
    'a rate is more than 20 % away from the previous one ({l}): import the file again when online, and confirm the rate',
  ],
  m_rateRange: ['має бути від 0,0001 до 1 000 000 грн за одиницю', 'must be between 0.0001 and 1,000,000 UAH per unit'],
} satisfies Record<string, readonly [string, string]>;

export type Key = keyof typeof D;

const LANG_KEY = 'zapas.lang';
let current: Lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'uk';
const listeners = new Set<() => void>();

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang) {
  current = l;
  localStorage.setItem(LANG_KEY, l);
  document.documentElement.lang = l;
  listeners.forEach((f) => f());
}

export function onLangChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  const text = D[key][current === 'uk' ? 0 : 1];
  return text.replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? ''));
}

// A count with its noun: the entry's forms are separated by "|", in
// Ukrainian one|few|many (1, 21 документ; 2–4, 22 документи; 5–20 документів),
// in English one|other.
export function plural(key: Key, n: number): string {
  const forms = t(key, { n: num(n) }).split('|');
  let i: number;
  if (current === 'uk') {
    const [d, h] = [n % 10, n % 100];
    i = d === 1 && h !== 11 ? 0 : d >= 2 && d <= 4 && (h < 12 || h > 14) ? 1 : 2;
  } else i = n === 1 ? 0 : 1;
  return forms[Math.min(i, forms.length - 1)];
}

// The one rule for showing a decimal of the API (a quantity, an amount, a
// rate) in the user's language, digit for digit (never through a float):
// Ukrainian "1 234,5" (narrow no-break space, comma), English "1,234.5".
export function num(value: string | number): string {
  const s = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const [group, point] = lang() === 'uk' ? ['\u202f', ','] : [',', '.'];
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, group)}${m[3] ? point + m[3] : ''}`;
}

export function has(key: string): key is Key {
  return key in D;
}

// A field message of the server (English) in the user's language, for the
// messages a user can cause; others are shown as the server wrote them.
const MESSAGES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^is required|^must be given/, () => t('m_required')],
  [/must hold at least one/, () => t('m_oneLine')],
  [/must not be negative/, () => t('m_negative')],
  [/not enough stock.*available ([\d.]+), requested ([\d.]+)/, (m) => t('m_notEnough', { a: num(m[1]), r: num(m[2]) })],
  [/^unknown \w+ "([^"]*)"/, (m) => t('m_unknown', { c: m[1] })],
  [/is not a date/, () => t('m_notDate')],
  [/must be greater than (0|zero)|must be positive|must not be zero/, () => t('m_positive')],
  [
    /the rate of (\w{3} \d{4}-\d{2}-\d{2}) falls within the closed period \(the books are closed through (\d{4}-\d{2}-\d{2})\)/,
    (m) => t('m_rateClosed', { r: m[1], d: m[2] }),
  ],
  [
    /the rate of (\w{3} \d{4}-\d{2}-\d{2}) is dated after (\d{4}-\d{2}-\d{2})/,
    (m) => t('m_rateAhead', { r: m[1], d: m[2] }),
  ],
  [/the rate of (\w{3}) on (\d{4}-\d{2}-\d{2}) was used by a booking/, (m) => t('m_rateUsed', { c: m[1], d: m[2] })],
  [/^no NBU rate of (\w{3}) on (\d{4}-\d{2}-\d{2}) to replace/, (m) => t('m_noRate', { c: m[1], d: m[2] })],
  [
    /^close (.+) first: the books are closed through (\d{4}-\d{2}-\d{2})/,
    (m) => t('m_closeInOrder', { ms: m[1], d: m[2] }),
  ],
  [/the books are closed through (\d{4}-\d{2}-\d{2}) already/, (m) => t('m_closedAlready', { d: m[1] })],
  [/the books are closed through (\d{4}-\d{2}-\d{2})/, (m) => t('m_closed', { d: m[1] })],
  [/^(\d{4}-\d{2}) has not ended yet \(today is (\d{4}-\d{2}-\d{2})\)/, (m) => t('m_notEnded', { m: m[1], d: m[2] })],
  [/^(\d{4}-\d{2}) is not closed/, (m) => t('m_notClosed', { m: m[1] })],
  [/^only the latest closed month, (\d{4}-\d{2}), can be reopened/, (m) => t('m_onlyLatest', { m: m[1] })],
  [/^must be YYYY-MM/, () => t('m_month')],
  [/^must not be after (\d{4}-\d{2}-\d{2})/, (m) => t('m_tooFarAhead', { d: m[1] })],
  [
    /^(\w{3} \d{4}-\d{2}-\d{2}): .* % away from the previous rate .*send the file again with \?confirm_outlier=1/,
    (m) => t('m_outlierFile', { l: m[1] }),
  ],
  [/^must be between 0\.0001 and 1000000 UAH per unit/, () => t('m_rateRange')],
  [/more than \d+ decimals/, () => t('m_decimals')],
  [/is not a decimal number|must be a decimal string/, () => t('m_decimal')],
  [/expired on/, () => t('m_expiredLot')],
  [/^must differ from the old password/, () => t('m_samePassword')],
  [/^must be one of (.+)$/, (m) => t('m_oneOf', { l: m[1] })],
  [/^must be true or false/, () => t('m_trueFalse')],
  [/must differ/, () => t('m_sameWarehouse')],
  [/is one of the most common passwords/, () => t('m_commonPassword')],
  [/^must have at least 10 characters \(it has (\d+)\)/, (m) => t('m_passwordShort', { n: m[1] })],
  [/^is not your current password/, () => t('m_notYourPassword')],
  [/^the user (.+) may not use the warehouse (.+)$/, (m) => t('m_outOfScope', { u: m[1], w: m[2] })],
  [/^"(.+)" is the last enabled admin/, (m) => t('m_lastAdmin', { u: m[1] })],
  [/^only a warehouse user is limited to warehouses/, () => t('m_onlyWarehouseUsers')],
  [/^is required for a donor user/, () => t('m_donorRequired')],
  [/^user "(.+)" already exists/, (m) => t('m_userExists', { u: m[1] })],
  [/is already confirmed/, () => t('m_confirmedAlready')],
  [/already exists with another expiry/, () => t('m_lotConflict')],
];

export function localMessage(message: string): string {
  if (current === 'en') return message;
  for (const [re, f] of MESSAGES) {
    const m = message.match(re);
    if (m) return f(m);
  }
  return message;
}

// One rate that the server found more than 20 % away from the previous one
// ("USD 2026-11-28: 53.95 is 30.00 % away from the previous rate 41.5
// (2026-11-27)"; a correction's message names no currency or day, so the
// caller gives them), in the user's language with the user's numbers.
export function outlierLine(message: string, currency = '', day = ''): string {
  const m =
    /^(?:([A-Z]{3}) (\d{4}-\d{2}-\d{2}): )?(\d+(?:\.\d+)?) is (\d+(?:\.\d+)?) % away from the previous rate (\d+(?:\.\d+)?) \((\d{4}-\d{2}-\d{2})\)/.exec(
      message,
    );
  if (!m) return localMessage(message);
  return t('outlierLine', { c: m[1] || currency, d: m[2] || day, r: num(m[3]), p: num(m[4]), pr: num(m[5]), pd: m[6] });
}

export function statusTitle(status: number): string {
  const key = `err_${status}`;
  return has(key) ? t(key) : t('err_500');
}
