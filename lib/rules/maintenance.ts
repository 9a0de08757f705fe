/**
 * MW: maintenance windows (planned-maintenance; AKS API 2025-07-01
 * MaintenanceWindow and its schedules; azurerm kubernetes_cluster_resource.go
 * maintenance_window, maintenance_window_auto_upgrade, maintenance_window_node_os).
 */
import type { DateRange, MaintenanceWindowSettings, TimeSpan } from "../config/types";
import type { ClusterPlan, MaintenanceWindowPlan } from "../plan/cluster";
import { defineRules, type RuleContext } from "./engine";

const API = "AKS API 2025-07-01 MaintenanceWindow, DailySchedule, WeeklySchedule, AbsoluteMonthlySchedule, RelativeMonthlySchedule";
const AZURERM = "azurerm kubernetes_cluster_resource.go (maintenance_window_auto_upgrade, maintenance_window_node_os)";

export const MAINTENANCE_RULES = defineRules({
  "MW-01": {
    severity: "error",
    title: "A window has the day its frequency needs: dayOfWeek with Weekly and RelativeMonthly, weekIndex with RelativeMonthly, dayOfMonth with AbsoluteMonthly",
    source: `${API} (required properties); ${AZURERM} (sends an empty value)`,
    why: "refused: ARM refuses a weekly or monthly schedule without its day; azurerm does not check it and sends an empty value",
    fix: "give the window the day its frequency needs: dayOfWeek for Weekly and RelativeMonthly, weekIndex for RelativeMonthly, dayOfMonth for AbsoluteMonthly",
  },
  "MW-02": {
    severity: "error",
    title: "A window sets no day of another frequency (dayOfMonth with Weekly, dayOfWeek with Daily, ...)",
    source: `${AZURERM} (expand sends only the fields of the frequency; flatten reads the others back empty)`,
    acceptable: false,
    why: "the config contradicts itself: the field means nothing for the frequency, azurerm does not send it, and every plan would show it as a change",
    fix: "remove the day field that the window's frequency does not use",
  },
  "MW-03": {
    severity: "error",
    title: "interval is 1-7 days (Daily), 1-4 weeks (Weekly) or 1-6 months (monthly); dayOfMonth is 1-31",
    source: `${API} (intervalDays 1-7, intervalWeeks 1-4, intervalMonths 1-6, dayOfMonth 1-31)`,
    why: "refused: ARM enforces these ranges; azurerm only checks dayOfMonth against 0-31",
    fix: "set interval to 1-7 for Daily, 1-4 for Weekly or 1-6 for monthly windows, and dayOfMonth to 1-31",
  },
  "MW-04": {
    severity: "error",
    title: "durationHours is a whole number of hours from 4 to 24",
    source: `${AZURERM} (duration IntBetween(4, 24)); ${API} (durationHours 4-24)`,
    why: "refused: azurerm's IntBetween(4, 24) at plan",
    fix: "set durationHours to a whole number from 4 to 24",
  },
  "MW-05": {
    severity: "error",
    title: "startTime is HH:mm, from 00:00 to 23:59",
    source: `${API} (startTime pattern ^\\d{2}:\\d{2}$, '00:00' to '23:59')`,
    why: "refused: ARM refuses another form; azurerm does not check it",
    fix: "write startTime as HH:mm, from 00:00 to 23:59",
  },
  "MW-06": {
    severity: "error",
    title: "utcOffset is +HH:mm or -HH:mm",
    source: `${API} (utcOffset pattern ^(-|\\+)[0-9]{2}:[0-9]{2}$)`,
    why: "refused: ARM refuses another form; azurerm does not check it",
    fix: "write utcOffset as +HH:mm or -HH:mm, e.g. \"+01:00\"",
  },
  "MW-07": {
    severity: "error",
    title: "startDate and the notAllowedDates are calendar days written YYYY-MM-DD; a not-allowed range does not end before it starts",
    source: `${API} (startDate and DateSpan are dates); ${AZURERM} (node OS start_date and not_allowed are IsRFC3339Time after this project adds T00:00:00Z)`,
    why: "refused: azurerm's IsRFC3339Time refuses a day that does not exist at plan, and ARM a date span that ends before it starts; an auto-upgrade start_date azurerm cannot parse is sent as 0001-01-01",
    fix: "write startDate and notAllowedDates as days that exist, YYYY-MM-DD, each range ending on or after its start",
  },
  "MW-08": {
    severity: "warning",
    title: "A window belongs to a channel that is on: autoUpgrade with an auto-upgrade channel, nodeOs with a node OS channel other than None",
    source: "planned-maintenance (the windows schedule what the channels do; enabling planned maintenance does not enable upgrades)",
    why: "tolerated: AKS stores the window, but nothing runs in it while its channel is off",
    fix: "turn on the window's channel (cluster.upgrade.channel or cluster.upgrade.nodeOsChannel), or remove the window",
  },
  "MW-09": {
    severity: "error",
    title: "aksReleases has at least one allowed slot or not-allowed span; each slot has hours 0-23; each span is two RFC 3339 times, the end after the start",
    source: "azurerm kubernetes_cluster_resource.go maintenance_window (AtLeastOneOf allowed, not_allowed; hours IntBetween(0, 23), MinItems 1; IsRFC3339Time)",
    why: "refused: azurerm at plan (AtLeastOneOf, IntBetween, IsRFC3339Time); ARM refuses a span that ends before it starts",
    fix: "give aksReleases at least one allowed slot or not-allowed span, hours from 0 to 23, and spans of two RFC 3339 times with the end after the start",
  },
});

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** True for a day that exists, written YYYY-MM-DD. */
function isCalendarDay(text: unknown): boolean {
  const m = typeof text === "string" ? DAY.exec(text) : null;
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** An RFC 3339 date-time (Go's time.RFC3339: seconds required, a zone), as a number of milliseconds; undefined when it is not one. */
function rfc3339(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m || !isCalendarDay(m[1]) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

const INTERVALS: Readonly<Record<MaintenanceWindowSettings["frequency"], readonly [number, string]>> = {
  Daily: [7, "days"],
  Weekly: [4, "weeks"],
  AbsoluteMonthly: [6, "months"],
  RelativeMonthly: [6, "months"],
};

/** The day fields each frequency uses. */
const DAY_FIELDS: Readonly<Record<MaintenanceWindowSettings["frequency"], readonly ("dayOfWeek" | "dayOfMonth" | "weekIndex")[]>> = {
  Daily: [],
  Weekly: ["dayOfWeek"],
  AbsoluteMonthly: ["dayOfMonth"],
  RelativeMonthly: ["weekIndex", "dayOfWeek"],
};

/** MW-01, MW-02: the day fields of the window's frequency, and no others. */
function checkDays(ctx: RuleContext, w: MaintenanceWindowPlan, needed: readonly string[]): void {
  const s = w.settings;
  for (const field of ["dayOfWeek", "dayOfMonth", "weekIndex"] as const) {
    if (needed.includes(field) && s[field] === undefined) ctx.report("MW-01", `${w.path}.${field}`, `a ${s.frequency} window needs ${field}`);
    if (!needed.includes(field) && s[field] !== undefined) ctx.report("MW-02", `${w.path}.${field}`, `${field} means nothing for a ${s.frequency} window; remove it`);
  }
}

/** A whole number from `min` to `max`, or a reference (skipped). */
function inRange(ctx: RuleContext, rule: string, at: string, value: unknown, min: number, max: number): boolean {
  return ctx.unknown(rule, at, value) || (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max);
}

/** MW-03, MW-04: the interval of the frequency, the day of the month, the duration. */
function checkRanges(ctx: RuleContext, w: MaintenanceWindowPlan): void {
  const s = w.settings;
  const [max, unit] = INTERVALS[s.frequency];
  if (!inRange(ctx, "MW-03", `${w.path}.interval`, w.interval, 1, max)) {
    ctx.report("MW-03", `${w.path}.interval`, `${w.interval} is not a whole number of ${unit} from 1 to ${max} (a ${s.frequency} window)`);
  }
  if (s.frequency === "AbsoluteMonthly" && s.dayOfMonth !== undefined && !inRange(ctx, "MW-03", `${w.path}.dayOfMonth`, s.dayOfMonth, 1, 31)) {
    ctx.report("MW-03", `${w.path}.dayOfMonth`, `${s.dayOfMonth} is not a day of the month from 1 to 31`);
  }
  if (!inRange(ctx, "MW-04", `${w.path}.durationHours`, s.durationHours, 4, 24)) {
    ctx.report("MW-04", `${w.path}.durationHours`, `${s.durationHours} is not a whole number of hours from 4 to 24`);
  }
}

/** MW-05..07: the start time, the offset, the start date and the freezes. */
function checkFormats(ctx: RuleContext, w: MaintenanceWindowPlan): void {
  const s = w.settings;
  const time = typeof s.startTime === "string" ? /^(\d{2}):(\d{2})$/.exec(s.startTime) : null;
  if (!ctx.unknown("MW-05", `${w.path}.startTime`, s.startTime) && !(time && Number(time[1]) <= 23 && Number(time[2]) <= 59)) {
    ctx.report("MW-05", `${w.path}.startTime`, `${JSON.stringify(s.startTime)} is not a time of day written HH:mm (00:00 to 23:59)`);
  }
  if (!ctx.unknown("MW-06", `${w.path}.utcOffset`, w.utcOffset) && !/^[+-]\d{2}:\d{2}$/.test(String(w.utcOffset))) {
    ctx.report("MW-06", `${w.path}.utcOffset`, `${JSON.stringify(w.utcOffset)} is not an offset written +HH:mm or -HH:mm (e.g. "+01:00", "-05:30")`);
  }
  if (s.startDate !== undefined && !ctx.unknown("MW-07", `${w.path}.startDate`, s.startDate) && !isCalendarDay(s.startDate)) {
    ctx.report("MW-07", `${w.path}.startDate`, `${JSON.stringify(s.startDate)} is not a day written YYYY-MM-DD`);
  }
  (s.notAllowedDates ?? []).forEach((r: DateRange, i) => checkDateRange(ctx, `${w.path}.notAllowedDates[${i}]`, r));
}

/** MW-01..07 on one window. */
function checkWindow(ctx: RuleContext, w: MaintenanceWindowPlan): void {
  const needed = DAY_FIELDS[w.settings.frequency];
  if (!needed) return; // an unknown frequency is the shape check's (CFG-03)
  checkDays(ctx, w, needed);
  checkRanges(ctx, w);
  checkFormats(ctx, w);
}

function checkDateRange(ctx: RuleContext, at: string, r: DateRange): void {
  let bad = false;
  for (const end of ["start", "end"] as const) {
    if (ctx.unknown("MW-07", `${at}.${end}`, r[end])) return;
    if (!isCalendarDay(r[end])) {
      ctx.report("MW-07", `${at}.${end}`, `${JSON.stringify(r[end])} is not a day written YYYY-MM-DD`);
      bad = true;
    }
  }
  if (!bad && r.end < r.start) ctx.report("MW-07", `${at}.end`, `${r.end} is before the start, ${r.start}`);
}

function checkSpan(ctx: RuleContext, at: string, span: TimeSpan): void {
  const times = [rfc3339(span.start), rfc3339(span.end)];
  (["start", "end"] as const).forEach((end, i) => {
    if (!ctx.unknown("MW-09", `${at}.${end}`, span[end]) && times[i] === undefined) {
      ctx.report("MW-09", `${at}.${end}`, `${JSON.stringify(span[end])} is not an RFC 3339 time (e.g. "2026-12-24T00:00:00Z")`);
    }
  });
  if (times[0] !== undefined && times[1] !== undefined && times[1] <= times[0]) ctx.report("MW-09", `${at}.end`, `${span.end} is not after the start, ${span.start}`);
}

/** MW-01..09 on `cluster.maintenance`. */
export function checkMaintenance(ctx: RuleContext, plan: ClusterPlan): void {
  const m = plan.maintenance;
  for (const w of [m.autoUpgrade, m.nodeOs]) if (w) checkWindow(ctx, w);
  if (m.autoUpgrade && plan.upgrade.channel === "none") {
    ctx.report("MW-08", m.autoUpgrade.path, 'the auto-upgrade channel is "none", so nothing is upgraded in this window; set cluster.upgrade.channel, or remove the window');
  }
  if (m.nodeOs && plan.upgrade.nodeOsChannel === "None") {
    ctx.report("MW-08", m.nodeOs.path, 'the node OS channel is "None", so nothing is updated in this window; set cluster.upgrade.nodeOsChannel, or remove the window');
  }
  const r = m.aksReleases;
  if (!r) return;
  const at = "cluster.maintenance.aksReleases";
  if ((r.allowed ?? []).length === 0 && (r.notAllowed ?? []).length === 0) ctx.report("MW-09", at, "needs at least one allowed slot or not-allowed span");
  (r.allowed ?? []).forEach((slot, i) => {
    const hours = slot.hours ?? [];
    if (hours.length === 0) ctx.report("MW-09", `${at}.allowed[${i}].hours`, "needs at least one hour");
    hours.forEach((h, j) => {
      if (!ctx.unknown("MW-09", `${at}.allowed[${i}].hours[${j}]`, h) && !(Number.isInteger(h) && h >= 0 && h <= 23)) {
        ctx.report("MW-09", `${at}.allowed[${i}].hours[${j}]`, `${h} is not an hour from 0 to 23`);
      }
    });
  });
  (r.notAllowed ?? []).forEach((span, i) => checkSpan(ctx, `${at}.notAllowed[${i}]`, span));
}
