// The marketplace's public surface: routes for the HTTP app, scheduled tasks, and the use cases
// the demo and other modules call.
export {
  addAvailabilityException,
  freeSlots,
  removeAvailabilityException,
  setWeeklyHours,
} from './availability.ts';
export {
  acceptBooking,
  autoConfirmCompleted,
  cancelBooking,
  completeBooking,
  confirmBooking,
  declineBooking,
  expireStaleBookings,
  recordPayment,
  recordProviderPayment,
  reportDispute,
  sendDayBeforeReminders,
} from './booking-flow.ts';
export { myBookings, viewBooking } from './booking-views.ts';
export { quoteBooking, requestBooking } from './bookings.ts';
export {
  acceptOffer,
  cancelJob,
  declineOffer,
  expireOffers,
  myJobs,
  myOffers,
  postJob,
  viewJob,
} from './jobs.ts';
export { postMessage, readThread } from './messages.ts';
export { createPayoutBatch, markBatchPaid, myEarnings } from './payouts.ts';
export { leaveReview, replyToReview, workerReviews } from './reviews.ts';
export { marketRoutes } from './routes.ts';
export { refreshRecentWork, searchWorkers } from './search.ts';
export { createService, flagServicesBelowFloor, updateService } from './services.ts';
export { myWorkerProfile, saveWorkerProfile, viewWorker } from './workers.ts';
