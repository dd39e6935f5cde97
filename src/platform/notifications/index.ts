// The inbox: producers (scheduled ticks, modules) write notices here; users read them.
export { notifications } from './schema';
export {
  listNotifications,
  markRead,
  type NewNotification,
  type NotificationView,
  notify,
  resolveNotifications,
} from './service';
export { notificationRoutes } from './routes';
export { responsibilityRoot, responsibleUsers } from './recipients';
