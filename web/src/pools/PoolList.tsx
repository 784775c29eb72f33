/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const PoolList = () => <PageHeader title="PoolList" />;
