/**
 * twofold's default views: the web layer's own pages and every flow's,
 * gathered in the one place that knows all of them. A host replaces any of
 * them through the `views` option; each default is exported (by the flow
 * that owns it) so that a replacement can wrap it.
 */
import { accountViews } from '../flows/account/views.js';
import { loginViews } from '../flows/login/views.js';
import { stepUpViews } from '../flows/step-up/views.js';
import { WEB_VIEWS, type TwofoldViews } from '../web/views.js';

/** twofold's default views. */
export const defaultViews: TwofoldViews = {
  ...WEB_VIEWS,
  ...accountViews,
  ...loginViews,
  ...stepUpViews,
};
