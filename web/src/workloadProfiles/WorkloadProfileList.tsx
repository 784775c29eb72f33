/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const WorkloadProfileList = () => <PageHeader title="WorkloadProfileList" />;
