export { deliverOutbox, enqueueEmail, startOutboxDeliverer } from './outbox.ts';
