/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const StudioCatalog = () => <PageHeader title="StudioCatalog" />;
