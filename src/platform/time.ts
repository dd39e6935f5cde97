// Calendar logic runs in China's time zone, whatever the server's TZ is.
const chinaDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** The calendar date in China (Asia/Shanghai) of an instant, as YYYY-MM-DD; now by default. */
export function todayInChina(at: Date = new Date()): string {
  return chinaDate.format(at);
}
