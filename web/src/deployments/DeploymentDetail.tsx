/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const DeploymentDetail = () => <PageHeader title="DeploymentDetail" />;
